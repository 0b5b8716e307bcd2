import { type BusLogger, KafkaLagProbe } from '@demand/bus';
import type { GatewayConfig } from '../config.js';
import { type ConsumerLagReader, type GroupOnTopic, lagKey } from '../ports/consumer-lag.port.js';

/** Lag from the broker, per stage: the bus's lag probe over one admin connection of the gateway's own. */
export class KafkaConsumerLag implements ConsumerLagReader {
  private readonly probe: KafkaLagProbe;

  constructor(config: GatewayConfig['kafka'], logger: BusLogger) {
    // Short timeouts and one retry: the pipeline page polls every 2 s and falls back on the counters.
    this.probe = new KafkaLagProbe({
      ...config,
      clientId: 'gateway',
      logger,
      connectionTimeoutMs: 2_000,
      requestTimeoutMs: 5_000,
      retries: 1,
    });
  }

  async lag(stages: readonly GroupOnTopic[]): Promise<Map<string, number>> {
    const lags = await Promise.all(
      stages.map(async (stage) => [lagKey(stage), await this.probe.lag(stage.group, stage.topic)] as const),
    );
    return new Map(lags);
  }

  close(): Promise<void> {
    return this.probe.close();
  }
}
