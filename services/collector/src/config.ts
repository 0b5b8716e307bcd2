import path from 'node:path';
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
import { defaultEventLimits, type EventLimits } from '@demand/event-validation';
import type { DeduplicationSettings } from './domain/event-intake.js';

const DAY_MS = 86_400_000;

const schema = z
  .object({
    ...serviceFields({ httpPort: 8081 }),
    ...grpcFields({ grpcPort: 50051 }),
    ...kafkaFields,
    COLLECTOR_MAX_BATCH_EVENTS: env.positiveInt(defaultEventLimits.maxBatchEvents),
    COLLECTOR_MAX_TEXT_LENGTH: env.positiveInt(defaultEventLimits.maxTextLength),
    COLLECTOR_FUTURE_TOLERANCE_MS: env.nonNegativeNumber(defaultEventLimits.futureToleranceMs),
    /** Where the collector keeps what must survive a restart (the seen event ids). */
    COLLECTOR_DATA_DIR: z.string().min(1, 'must not be empty').optional(),
    /** Only read to place COLLECTOR_DATA_DIR beside the analytics data when it is not set (local mode). */
    ANALYTICS_DATA_DIR: z.string().optional(),
    COLLECTOR_DEDUP_WINDOW_MS: env.positiveInt(DAY_MS),
    COLLECTOR_DEDUP_MAX_IDS: env.positiveInt(1_000_000),
  })
  .superRefine(checkPlatformFields, evenAfterFieldErrors);

export type CollectorEnv = z.output<typeof schema>;

export interface CollectorConfig {
  env: CollectorEnv;
  limits: EventLimits;
  /** Directory of the seen-event-id store. */
  dataDir: string;
  dedup: DeduplicationSettings & { maxIds: number };
}

/** COLLECTOR_DATA_DIR, else `collector/` beside ANALYTICS_DATA_DIR (local mode: `.data/collector`), else `.data/collector`. */
function collectorDataDir(parsed: CollectorEnv): string {
  if (parsed.COLLECTOR_DATA_DIR) return parsed.COLLECTOR_DATA_DIR;
  return path.join(path.dirname(parsed.ANALYTICS_DATA_DIR ?? path.join('.data', 'clickhouse')), 'collector');
}

export function loadCollectorConfig(environment: Environment): CollectorConfig {
  const parsed = parseConfig(schema, environment);
  return {
    env: parsed,
    limits: {
      ...defaultEventLimits,
      maxBatchEvents: parsed.COLLECTOR_MAX_BATCH_EVENTS,
      maxTextLength: parsed.COLLECTOR_MAX_TEXT_LENGTH,
      futureToleranceMs: parsed.COLLECTOR_FUTURE_TOLERANCE_MS,
    },
    dataDir: collectorDataDir(parsed),
    dedup: {
      windowMs: parsed.COLLECTOR_DEDUP_WINDOW_MS,
      pruneEveryMs: Math.min(60_000, parsed.COLLECTOR_DEDUP_WINDOW_MS),
      maxIds: parsed.COLLECTOR_DEDUP_MAX_IDS,
    },
  };
}
