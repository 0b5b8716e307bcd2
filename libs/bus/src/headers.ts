import { Headers } from '@demand/contracts';

/** Header values as Kafka clients hand them over (kafkajs `IHeaders`). */
export type RawHeaders = Record<string, Buffer | string | (Buffer | string)[] | undefined>;

/** Flattens record headers to strings; a header written twice keeps its last value. */
export function decodeHeaders(raw: RawHeaders | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw ?? {})) {
    const last = Array.isArray(value) ? value[value.length - 1] : value;
    if (last === undefined) continue;
    headers[name] = typeof last === 'string' ? last : last.toString('utf8');
  }
  return headers;
}

/**
 * Headers of a published record: the caller's extra headers, then the W3C trace context, which
 * wins over extras of the same name. Nothing else is written per record: each header costs the
 * producer about as much as the value itself, the value type is the topic's (registry), and
 * ids live in the values. Dead letters, read out of their topic, also get the content type.
 */
export function publishHeaders(parts: {
  extra?: Readonly<Record<string, string>>;
  traceContext?: Readonly<Record<string, string>>;
}): Record<string, string> {
  const headers: Record<string, string> = { ...parts.extra };
  for (const name of [Headers.traceparent, Headers.tracestate]) {
    const value = parts.traceContext?.[name];
    if (value) headers[name] = value;
  }
  return headers;
}

/** Where in consumption a record failed; the `x-error-stage` header and a metric label. */
export type DeadLetterStage = 'decode' | 'handler' | 'handler-rejected';

export interface DeadLetterReason {
  reason: string;
  stage: DeadLetterStage;
  originalTopic: string;
  /** The original topic's value type, written when the record does not say it already. */
  contentType: string;
  partition: number;
  offset: string;
  attempts?: number;
}

const MAX_REASON_CHARS = 1000;

/** The original record's headers (bytes untouched) plus why and where it failed. */
export function deadLetterHeaders(original: RawHeaders | undefined, why: DeadLetterReason): RawHeaders {
  const headers: RawHeaders = { ...original };
  headers[Headers.contentType] ??= why.contentType;
  headers[Headers.error] =
    why.reason.length > MAX_REASON_CHARS ? `${why.reason.slice(0, MAX_REASON_CHARS)}…` : why.reason;
  headers[Headers.errorStage] = why.stage;
  headers[Headers.originalTopic] = why.originalTopic;
  headers[Headers.originalPartition] = String(why.partition);
  headers[Headers.originalOffset] = why.offset;
  if (why.attempts !== undefined) headers[Headers.attempts] = String(why.attempts);
  else delete headers[Headers.attempts];
  return headers;
}
