import type { TopicDefinition } from '@demand/contracts';
import type { ConsumedRecord } from './bus.port.js';
import { errorMessage } from './errors.js';
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

export type Decoded<T> = { ok: true; record: ConsumedRecord<T> } | { ok: false; reason: string };

export function decodeRecord<T>(topic: TopicDefinition<T>, partition: number, raw: RawRecord): Decoded<T> {
  if (raw.value === null) return { ok: false, reason: 'record has no value' };
  let value: T;
  try {
    value = topic.codec.decode(raw.value);
  } catch (error) {
    return { ok: false, reason: `cannot decode value: ${errorMessage(error)}` };
  }
  return {
    ok: true,
    record: {
      value,
      key: raw.key === null ? null : raw.key.toString('utf8'),
      headers: decodeHeaders(raw.headers),
      partition,
      offset: raw.offset,
      timestamp: Number(raw.timestamp),
    },
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
