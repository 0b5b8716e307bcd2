import type { Admin } from 'kafkajs';
import { BusError, errorMessage, isRetriableKafkaFailure } from './errors.js';
import { kafkaClient, type KafkaConnectionOptions } from './kafka-connection.js';
import { tenantName } from './tenant.js';

/**
 * How far a consumer group is behind on a topic: records written but not yet committed by the
 * group, over all partitions (a partition the group never committed counts from its start).
 * A refused login, an untrusted certificate or an authorization failure is permanent until the probe
 * has read a lag once; after that a refused login is transient, as for the bus (errors.ts: KafkaCallStage).
 */
export class KafkaLagProbe {
  private readonly admin: Admin;
  private connection: Promise<void> | undefined;
  /** Set once the probe has read a lag: a login refused after that is credentials being rotated. */
  private readOnce = false;

  constructor(private readonly options: KafkaConnectionOptions) {
    this.admin = kafkaClient(options).admin();
  }

  /** `registryTopic` and `groupId` as the services name them; the probe reads its tenant's copies. */
  async lag(groupId: string, registryTopic: string): Promise<number> {
    const topic = tenantName(registryTopic, this.options.tenant);
    try {
      this.connection ??= this.admin.connect().catch((error: unknown) => {
        this.connection = undefined;
        throw error;
      });
      await this.connection;
      const [ends, committed] = await Promise.all([
        this.admin.fetchTopicOffsets(topic),
        this.admin.fetchOffsets({ groupId: tenantName(groupId, this.options.tenant), topics: [topic] }),
      ]);
      this.readOnce = true;
      const done = new Map((committed[0]?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
      return ends.reduce(
        (sum, end) => sum + Number(end.high) - Math.max(done.get(end.partition) ?? -1, Number(end.low)),
        0,
      );
    } catch (error) {
      const at = this.options.brokers.join(',');
      throw new BusError(`cannot read the lag of ${groupId} on ${topic} at ${at}: ${errorMessage(error)}`, {
        transient: isRetriableKafkaFailure(error, this.readOnce ? 'running' : 'start-up'),
        cause: error,
      });
    }
  }

  async close(): Promise<void> {
    if (this.connection) await this.admin.disconnect();
  }
}
