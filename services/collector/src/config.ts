import {
  checkPlatformFields,
  evenAfterFieldErrors,
  grpcFields,
  env,
  kafkaFields,
  parseConfig,
  serviceFields,
  z,
  type Environment,
} from '@demand/config';
import { MAX_VALUES_PER_RECORD } from '@demand/bus';
import { defaultEventLimits, type EventLimits } from '@demand/event-validation';
import type { AdmissionLimits } from './domain/admission.js';

/** A call waits at most this long for others' events (far below any call deadline, GRPC_MAX_CALL_MS). */
const MAX_RECORD_LINGER_MS = 1_000;

const schema = z
  .object({
    ...serviceFields({ httpPort: 8081 }),
    ...grpcFields({ grpcPort: 50051 }),
    ...kafkaFields,
    COLLECTOR_MAX_BATCH_EVENTS: env.positiveInt(defaultEventLimits.maxBatchEvents),
    COLLECTOR_MAX_TEXT_LENGTH: env.positiveInt(defaultEventLimits.maxTextLength),
    COLLECTOR_FUTURE_TOLERANCE_MS: env.nonNegativeNumber(defaultEventLimits.futureToleranceMs),
    /** Back-pressure: refuse calls (UNAVAILABLE + retry hint) while the preprocessor is this many raw records behind… */
    COLLECTOR_MAX_RECORDS_BEHIND: env.positiveInt(2_000),
    /** …or while this many accepted events wait for the broker. */
    COLLECTOR_MAX_EVENTS_IN_FLIGHT: env.positiveInt(200_000),
    /** The consumer group whose backlog on events.raw.v1 is watched (the preprocessor's). */
    COLLECTOR_BACKLOG_GROUP: z.string().min(1).default('preprocessor'),
    /** How often the preprocessor's backlog is read. */
    COLLECTOR_BACKLOG_CHECK_MS: env.positiveInt(1_000),
    /** The pause a refused client is told to take. */
    COLLECTOR_RETRY_AFTER_MS: env.positiveInt(1_000),
    /**
     * How long a write to events.raw.v1 waits for other calls' events to join it (Kafka's
     * linger.ms): fewer, larger record batches, so the preprocessor handles more events a fetch.
     */
    COLLECTOR_PRODUCE_LINGER_MS: env.nonNegativeNumber(5),
    /**
     * How long a call's events wait for other calls' to share its records on events.raw.v1 (one record per
     * partition for many calls); 0: one record per partition and call.
     */
    COLLECTOR_RECORD_LINGER_MS: env
      .nonNegativeNumber(10)
      .pipe(z.number().max(MAX_RECORD_LINGER_MS, `expected at most ${MAX_RECORD_LINGER_MS} ms`)),
    /**
     * A gathered write is closed once a partition holds this many events; one call is never split, so its
     * records hold up to 1000 events (the bus's bound, MAX_VALUES_PER_RECORD; also 512 KiB).
     */
    COLLECTOR_RECORD_MAX_EVENTS: env
      .positiveInt(MAX_VALUES_PER_RECORD)
      .pipe(z.number().max(MAX_VALUES_PER_RECORD, `expected at most ${MAX_VALUES_PER_RECORD}`)),
  })
  .superRefine(checkPlatformFields, evenAfterFieldErrors);

export type CollectorEnv = z.output<typeof schema>;

export interface CollectorConfig {
  env: CollectorEnv;
  produceLingerMs: number;
  record: { lingerMs: number; maxEvents: number };
  limits: EventLimits;
  admission: AdmissionLimits & { backlogCheckMs: number; backlogGroup: string };
}

export function loadCollectorConfig(environment: Environment): CollectorConfig {
  const parsed = parseConfig(schema, environment);
  return {
    env: parsed,
    produceLingerMs: parsed.COLLECTOR_PRODUCE_LINGER_MS,
    record: { lingerMs: parsed.COLLECTOR_RECORD_LINGER_MS, maxEvents: parsed.COLLECTOR_RECORD_MAX_EVENTS },
    limits: {
      ...defaultEventLimits,
      maxBatchEvents: parsed.COLLECTOR_MAX_BATCH_EVENTS,
      maxTextLength: parsed.COLLECTOR_MAX_TEXT_LENGTH,
      futureToleranceMs: parsed.COLLECTOR_FUTURE_TOLERANCE_MS,
    },
    admission: {
      maxRecordsBehind: parsed.COLLECTOR_MAX_RECORDS_BEHIND,
      maxEventsInFlight: parsed.COLLECTOR_MAX_EVENTS_IN_FLIGHT,
      retryAfterMs: parsed.COLLECTOR_RETRY_AFTER_MS,
      backlogCheckMs: parsed.COLLECTOR_BACKLOG_CHECK_MS,
      backlogGroup: parsed.COLLECTOR_BACKLOG_GROUP,
    },
  };
}
