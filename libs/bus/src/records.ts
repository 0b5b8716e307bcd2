import { Headers, isBatchedRecord, type TopicDefinition, valuesOfRecord } from '@demand/contracts';
import type { ConsumedRecord } from './bus.port.js';
import { errorMessage } from './errors.js';
import { foreignTenant } from './tenant.js';
import { decodeHeaders, deadLetterHeaders, type DeadLetterStage, type RawHeaders } from './headers.js';

/** A record as fetched from a partition, before decoding. */
export interface RawRecord {
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers?: RawHeaders;
  readonly offset: string;
  /** Milliseconds since the epoch, as a decimal string. */
  readonly timestamp: string;
}

/** A record on its way to a dead-letter topic: the original bytes, headers saying why. */
export interface DeadLetter {
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: RawHeaders;
  readonly stage: DeadLetterStage;
  readonly reason: string;
  readonly offset: string;
}

/** One value as the handler sees it, and the record it came from. */
export interface Entry<T> {
  readonly record: ConsumedRecord<T>;
  readonly raw: RawRecord;
}

export type Decoded<T> = { ok: true; entries: Entry<T>[] } | { ok: false; reason: string };

/**
 * A record's values: one, or every value of a batched record (`content-type` the topic's
 * batched form), each as its own `ConsumedRecord` sharing the record's offset, in order.
 */
export function decodeRecord<T>(topic: TopicDefinition<T>, partition: number, raw: RawRecord): Decoded<T> {
  if (raw.value === null) return { ok: false, reason: 'record has no value' };
  const headers = decodeHeaders(raw.headers);
  const foreign = foreignTenant(topic.tenant, headers);
  if (foreign !== undefined) return { ok: false, reason: foreign };
  const batched = isBatchedRecord(topic, headers[Headers.contentType]);
  let values: T[];
  try {
    values = valuesOfRecord(topic, raw.value, headers[Headers.contentType]);
  } catch (error) {
    return { ok: false, reason: `cannot decode value: ${errorMessage(error)}` };
  }
  const key = raw.key === null ? null : raw.key.toString('utf8');
  const timestamp = Number(raw.timestamp);
  const offset = raw.offset;
  // Two objects per value and no spreads: a batched record holds hundreds of values.
  const entries = values.map(
    (value, index): Entry<T> => ({
      record: batched
        ? { value, key, headers, partition, offset, timestamp, indexInRecord: index }
        : { value, key, headers, partition, offset, timestamp },
      raw,
    }),
  );
  return { ok: true, entries };
}

/**
 * What a dead letter of one value carries: the record itself, or for a value out of a batched
 * record that value alone in the single form (content type of one value, `x-original-index`),
 * so the rest of the batch is not sent along with it.
 */
export function letterSource<T>(topic: TopicDefinition<T>, entry: Entry<T>): RawRecord {
  const index = entry.record.indexInRecord;
  if (index === undefined) return entry.raw;
  const bytes = topic.codec.encode(entry.record.value).finish();
  return {
    ...entry.raw,
    key: Buffer.from(topic.keyOf(entry.record.value), 'utf8'),
    value: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    headers: { ...entry.raw.headers, [Headers.contentType]: topic.contentType, [Headers.originalIndex]: String(index) },
  };
}

export function deadLetterOf(
  raw: RawRecord,
  where: { topic: string; contentType: string; partition: number },
  failure: { stage: DeadLetterStage; reason: string; attempts?: number },
): DeadLetter {
  return {
    key: raw.key,
    value: raw.value,
    stage: failure.stage,
    reason: failure.reason,
    offset: raw.offset,
    headers: deadLetterHeaders(raw.headers, {
      reason: failure.reason,
      stage: failure.stage,
      originalTopic: where.topic,
      contentType: where.contentType,
      partition: where.partition,
      offset: raw.offset,
      attempts: failure.attempts,
    }),
  };
}
