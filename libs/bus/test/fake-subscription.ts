import type { EachBatchPayload, Kafka } from 'kafkajs';
import { Registry } from 'prom-client';
import { createBusMetrics } from '../src/bus.metrics.js';
import type { KafkaSubscriptionDeps } from '../src/kafka-subscription.js';
import { recordingLogger } from './support.js';

/** The kafkajs consumer events a KafkaSubscription listens to, as a fake consumer emits them. */
export const fakeConsumerEvents = {
  GROUP_JOIN: 'consumer.group_join',
  CRASH: 'consumer.crash',
  REBALANCING: 'consumer.rebalancing',
  COMMIT_OFFSETS: 'consumer.commit_offsets',
};

/** Deps of a KafkaSubscription over a fake consumer that report nothing. */
export function fakeSubscriptionDeps(consumer: unknown, registry = new Registry()): KafkaSubscriptionDeps {
  return {
    kafka: { consumer: () => consumer } as unknown as Kafka,
    logger: recordingLogger(),
    metrics: createBusMetrics(registry),
    tuning: {},
    deadLetter: async () => undefined,
    onAssigned: () => undefined,
    onStopped: () => undefined,
    onConnected: () => undefined,
  };
}

/** A fetched batch of one record at `offset` that cannot be decoded (dead-lettered, then committed). */
export function undecodableBatch(
  topic: string,
  partition: number,
  offset: string,
  commitOffsetsIfNecessary: () => Promise<void> = async () => undefined,
): EachBatchPayload {
  return {
    batch: {
      topic,
      partition,
      messages: [{ offset, key: null, value: Buffer.from([0xff, 0xff]), headers: {}, timestamp: '0' }],
      isEmpty: () => false,
      firstOffset: () => offset,
      lastOffset: () => offset,
    },
    resolveOffset: () => undefined,
    heartbeat: async () => undefined,
    isRunning: () => true,
    isStale: () => false,
    commitOffsetsIfNecessary,
  } as unknown as EachBatchPayload;
}
