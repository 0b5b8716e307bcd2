import path from 'node:path';
import { status, type ServiceError } from '@grpc/grpc-js';
import type { KafkaMessage } from 'kafkajs';
import { createAnalyticsStore } from '@demand/analytics-store';
import { Event, Headers, type ItemStats, retryAfterMsOf, Topics } from '@demand/contracts';
import { unaryCall } from './grpc-call.js';
import type { PipelineService, ProcessPipeline } from './process-pipeline.js';
import { readWholeTopic } from './topic-reader.js';

/** Views spread so that no user looks like a bot: `users` users, five minutes between a user's events. */
export function restartStreamEvents(count: number, items: number, prefix = 'restart'): Event[] {
  const users = Math.max(1, Math.floor(count / 5));
  const start = Date.UTC(2026, 10, 3, 8);
  return Array.from({ length: count }, (_, i) =>
    Event.fromPartial({
      eventId: `${prefix}-${i}`,
      userId: `u-${i % users}`,
      sessionId: `s-${i % users}`,
      occurredAt: new Date(start + Math.floor(i / users) * 300_000 + (i % users) * 50),
      payload: { $case: 'view', view: { itemId: `${prefix}-item-${(i * 7) % items}` } },
    }),
  );
}

/** A record nobody can decode and an event that breaks a rule: the only things the DLQ may hold. */
export const poisonRecords = {
  undecodable: Buffer.from([0x0a, 0xff, 0x01, 0x02]),
  invalid: Buffer.from(
    Event.encode(
      Event.fromPartial({
        eventId: 'restart-bad-rating',
        userId: 'u-bad',
        occurredAt: new Date(Date.UTC(2026, 10, 3, 8)),
        payload: { $case: 'review', review: { itemId: 'restart-item-0', rating: 9, text: 'x' } },
      }),
    ).finish(),
  ),
};

export async function producePoison(pipeline: ProcessPipeline): Promise<void> {
  const producer = pipeline.kafka.producer();
  await producer.connect();
  try {
    await producer.send({
      topic: Topics.eventsRaw.name,
      messages: [
        { key: 'u-bad', value: poisonRecords.undecodable },
        { key: 'u-bad', value: poisonRecords.invalid },
      ],
    });
  } finally {
    await producer.disconnect();
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface SendReport {
  retriedBatches: number;
  /** The first `sent` events were accepted (all of them unless `stopWhen` ended the stream early). */
  sent: number;
}

/**
 * TrackBatch in batches, as a shop's client would: a refused or timed-out batch is sent again
 * after a pause (the stages after the collector drop the copies). `beforeBatch(index)` lets the
 * caller kill and restart services at chosen points of the stream.
 */
export async function sendWithRetries(
  pipeline: ProcessPipeline,
  events: readonly Event[],
  batchSize: number,
  beforeBatch: (batchIndex: number) => Promise<void> = async () => undefined,
  stopWhen: () => boolean = () => false,
): Promise<SendReport> {
  let retriedBatches = 0;
  let i = 0;
  for (let batchIndex = 0; i < events.length && !stopWhen(); i += batchSize, batchIndex++) {
    await beforeBatch(batchIndex);
    const batch = events.slice(i, i + batchSize);
    for (;;) {
      const error = await unaryCall((m, o, cb) => pipeline.collector.trackBatch({ events: batch }, m, o, cb), 10_000)
        .then(() => null)
        .catch((e: ServiceError) => e);
      if (!error) break;
      if (error.code !== status.UNAVAILABLE && error.code !== status.DEADLINE_EXCEEDED) throw error;
      retriedBatches++;
      await sleep(retryAfterMsOf(error) ?? 200);
    }
  }
  return { retriedBatches, sent: Math.min(i, events.length) };
}

/** Kills (SIGKILL) a service and starts it again, without waiting for anything in between. */
export async function killAndRestart(pipeline: ProcessPipeline, ...services: PipelineService[]): Promise<void> {
  for (const service of services) await pipeline.kill(service);
  for (const service of services) await pipeline.start(service);
}

export interface ExactlyOnceReport {
  sent: number;
  /** Distinct events stored in clean_events. */
  stored: number;
  /** …of which not flagged as bots (the ones the aggregates count). */
  countable: number;
  /** Views the aggregator's GetItemStats reports over every item. */
  aggregated: number;
  deadLetters: KafkaMessage[];
}

/**
 * Counts after the stream: views served by the aggregator over gRPC, then (the aggregator
 * stopped, its store's directory opened here) the distinct events stored, and every DLQ record.
 */
export async function countAfterStream(
  pipeline: ProcessPipeline,
  events: readonly Event[],
  items: number,
  prefix = 'restart',
): Promise<ExactlyOnceReport> {
  let aggregated = 0;
  for (let item = 0; item < items; item++) {
    const stats = await unaryCall<ItemStats>((m, o, cb) =>
      pipeline.features.getItemStats({ itemId: `${prefix}-item-${item}`, fromDay: '', toDay: '' }, m, o, cb),
    );
    aggregated += stats.totals?.views ?? 0;
  }
  await pipeline.stopService('aggregator');
  const store = createAnalyticsStore({ mode: 'embedded', path: path.join(pipeline.dataDir, 'clickhouse') });
  let stored: { distinct: number; countable: number } | undefined;
  try {
    [stored] = await store.query<{ distinct: number; countable: number }>(
      `SELECT uniqExact(event_id) AS distinct,
              uniqExactIf(event_id, NOT arrayExists(f -> startsWith(f, 'bot:'), flags)) AS countable
         FROM clean_events WHERE startsWith(event_id, '${prefix}-')`,
    );
  } finally {
    await store.close();
  }
  const deadLetters: KafkaMessage[] = [];
  for (const topic of [Topics.eventsRaw, Topics.eventsClean]) {
    deadLetters.push(...(await readWholeTopic(pipeline.kafka, pipeline.admin, topic.dlq)));
  }
  return {
    sent: events.length,
    stored: Number(stored?.distinct ?? 0),
    countable: Number(stored?.countable ?? 0),
    aggregated,
    deadLetters,
  };
}

/** DLQ records that are not one of the poison records (each may appear more than once after a redelivery). */
export function unexpectedDeadLetters(deadLetters: readonly KafkaMessage[]): string[] {
  const reason = (m: KafkaMessage) => m.headers?.[Headers.error]?.toString() ?? '';
  const isPoison = (m: KafkaMessage) =>
    m.value?.equals(poisonRecords.undecodable) === true ||
    m.value?.equals(poisonRecords.invalid) === true ||
    reason(m).includes('review.rating');
  return deadLetters.filter((m) => !isPoison(m)).map((m) => reason(m) || '(no reason)');
}

/** How many of the two poison records reached the DLQ (counting each once). */
export function poisonDeadLettered(deadLetters: readonly KafkaMessage[]): number {
  const undecodable = deadLetters.some((m) => m.value?.equals(poisonRecords.undecodable));
  const invalid = deadLetters.some((m) => m.headers?.[Headers.error]?.toString().includes('review.rating'));
  return Number(undecodable) + Number(invalid);
}
