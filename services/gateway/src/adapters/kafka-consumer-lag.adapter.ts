import { type BusLogger, KafkaLagProbe } from '@demand/bus';
import type { GatewayConfig } from '../config.js';
import { type ConsumerLagReader, type GroupOnTopic, lagKey } from '../ports/consumer-lag.port.js';

/**
 * Lag from the broker, per stage: the bus's lag probe over one admin connection of the gateway's own.
 * The page polls every 2 s, so a broker that stops answering is logged once, and once more when it answers again.
 */
export class KafkaConsumerLag implements ConsumerLagReader {
  private readonly probe: KafkaLagProbe;
  private failing = false;

  constructor(
    config: GatewayConfig['kafka'],
    private readonly logger: BusLogger,
  ) {
    // Short timeouts and one retry: the pipeline page polls every 2 s and falls back on the counters.
    // kafkajs' own lines stay out of the log: a down broker gives several a poll, the failure below says it once.
    this.probe = new KafkaLagProbe({
      ...config,
      clientId: 'gateway',
      logger,
      connectionTimeoutMs: 2_000,
      requestTimeoutMs: 5_000,
      retries: 1,
      kafkaJsLogLevel: 'NOTHING',
    });
  }

  async lag(stages: readonly GroupOnTopic[]): Promise<Map<string, number>> {
    const queries = stages.map((stage) => ({ groupId: stage.group, registryTopic: stage.topic }));
    const lags = await this.loggingChanges(this.probe.lags(queries));
    return new Map(stages.map((stage, i) => [lagKey(stage), lags[i] as number]));
  }

  /** The reading as it comes; the first failure after a success (or at start) is logged, and the first success after. */
  private async loggingChanges<T>(reading: Promise<T>): Promise<T> {
    let result: T;
    try {
      result = await reading;
    } catch (error) {
      if (!this.failing) {
        this.failing = true;
        this.logger.error(
          { err: error },
          `consumer lag unreadable until the broker answers: ${(error as Error).message}`,
        );
      }
      throw error;
    }
    if (this.failing) {
      this.failing = false;
      this.logger.info({}, 'consumer lag readable again');
    }
    return result;
  }

  close(): Promise<void> {
    return this.probe.close();
  }
}
