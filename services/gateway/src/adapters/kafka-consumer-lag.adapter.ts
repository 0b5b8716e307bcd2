import { applyKafkaJsPendingCheckFix } from '@demand/bus';
import { kafkaSecurity } from '@demand/service-runtime';
import { type Admin, Kafka, logLevel } from 'kafkajs';
import type { GatewayConfig } from '../config.js';
import { type ConsumerLagReader, type GroupOnTopic, lagKey } from '../ports/consumer-lag.port.js';

/**
 * Lag from the broker: per partition, the high watermark minus the group's committed offset (the
 * low watermark when the group has committed nothing there, or less than what retention left).
 */
export class KafkaConsumerLag implements ConsumerLagReader {
  private admin: Admin | undefined;
  private connecting: Promise<Admin> | undefined;

  constructor(private readonly config: GatewayConfig['kafka']) {
    applyKafkaJsPendingCheckFix(); // the gateway's only Kafka client: no bus applies it in this process
  }

  async lag(stages: readonly GroupOnTopic[]): Promise<Map<string, number>> {
    const admin = await this.connected();
    const topics = [...new Set(stages.map((s) => s.topic))];
    const ends = new Map(
      await Promise.all(topics.map(async (topic) => [topic, await admin.fetchTopicOffsets(topic)] as const)),
    );
    const out = new Map<string, number>();
    await Promise.all(
      stages.map(async (stage) => {
        const [committed] = await admin.fetchOffsets({ groupId: stage.group, topics: [stage.topic] });
        const done = new Map((committed?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
        let lag = 0;
        for (const end of ends.get(stage.topic) ?? [])
          lag += Math.max(0, Number(end.high) - Math.max(done.get(end.partition) ?? -1, Number(end.low)));
        out.set(lagKey(stage), lag);
      }),
    );
    return out;
  }

  async close(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    this.connecting = undefined;
    await admin?.disconnect();
  }

  /** One admin connection, opened on first use and again after a failed call dropped it. */
  private connected(): Promise<Admin> {
    if (this.admin) return Promise.resolve(this.admin);
    this.connecting ??= (async () => {
      // Short timeouts: the pipeline page polls every 2 s and falls back on the counters.
      const admin = new Kafka({
        clientId: 'gateway',
        brokers: this.config.brokers,
        ...kafkaSecurity(this.config),
        connectionTimeout: 2_000,
        requestTimeout: 5_000,
        retry: { retries: 1 },
        logLevel: logLevel.NOTHING,
      }).admin();
      try {
        await admin.connect();
      } catch (error) {
        this.connecting = undefined;
        throw error;
      }
      this.admin = admin;
      return admin;
    })();
    return this.connecting;
  }
}
