import path from 'node:path';
import { PseudonymKey, type PseudonymKeySource } from '@demand/pseudonyms';
import {
  env as fields,
  evenAfterFieldErrors,
  analyticsFields,
  checkPlatformFields,
  grpcFields,
  kafkaFields,
  parseConfig,
  serviceFields,
  z,
  type Environment,
} from '@demand/config';
import { DEFAULT_BACKFILL_WAIT } from './domain/touched-work.js';

const schema = z
  .object({
    ...serviceFields({ httpPort: 8084 }),
    ...grpcFields({ grpcPort: 50054 }),
    ...kafkaFields,
    ...analyticsFields,
    // Retention (ClickHouse TTL), in days, per table group; applied at every start.
    /** Raw clean events (clean_events). */
    AGGREGATOR_RAW_TTL_DAYS: retentionDays(730),
    /** item_hourly and user_texts. */
    AGGREGATOR_FEATURES_TTL_DAYS: retentionDays(400),
    /** Rows per insert into ClickHouse, gathered across Kafka fetches and partitions. */
    AGGREGATOR_INSERT_ROWS: fields.positiveInt(50_000),
    /** …or this long after the first gathered row. */
    AGGREGATOR_INSERT_DELAY_MS: fields.positiveInt(1000),
    /** Profiles of users and items touched by stored batches are recomputed this often. */
    AGGREGATOR_PROFILE_TOUCHED_MS: fields.positiveInt(2_000),
    /** …taking at most this share of the time (a slow refresh spaces the next ones out). */
    AGGREGATOR_PROFILE_TOUCHED_SHARE: z.coerce.number().gt(0).lte(1).default(0.2),
    /** …reading at most this many touched users and items at a time (a backlog is read in pages). */
    AGGREGATOR_PROFILE_TOUCHED_PAGE_IDS: fields.positiveInt(2_000),
    /** Users touched by imported history (backfill) alone are recomputed once no backfill came for this long… */
    AGGREGATOR_PROFILE_BACKFILL_QUIET_MS: fields.positiveInt(DEFAULT_BACKFILL_WAIT.quietMs),
    /** …or at the latest this long after the first of them waited. */
    AGGREGATOR_PROFILE_BACKFILL_MAX_WAIT_MS: fields.positiveInt(DEFAULT_BACKFILL_WAIT.maxWaitMs),
    /** Every profile is recomputed this often (decay, population RFM scores, co-view/co-buy). */
    AGGREGATOR_PROFILE_FULL_MS: fields.positiveInt(15 * 60_000),
    /** …reading about this many events at a time (users, then items, page by page). */
    AGGREGATOR_PROFILE_PAGE_EVENTS: fields.positiveInt(100_000),
    /** Segments are fitted again (in a worker thread) this often… */
    AGGREGATOR_SEGMENT_EVERY_MS: fields.positiveInt(60 * 60_000),
    /** …and first as soon as this many users have profiles. */
    AGGREGATOR_SEGMENT_MIN_USERS: fields.positiveInt(50),
    /** Directory of `@demand/model-store` where segment models are versioned; empty: kept in memory only. */
    AGGREGATOR_MODELS_DIR: z.string().default(''),
    AGGREGATOR_SEGMENT_K_MIN: fields.positiveInt(3),
    AGGREGATOR_SEGMENT_K_MAX: fields.positiveInt(10),
    /** The preprocessor's pseudonym key: ForgetUser/ExportUser find a user's rows by their pseudonym. */
    PRIVACY_PSEUDONYM_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
    /** Local mode: the file the preprocessor keeps its generated key in (default: beside the analytics data). */
    PRIVACY_PSEUDONYM_KEY_FILE: z.string().min(1).optional(),
    /**
     * GetUserProfile also served from a worker thread on this port, with the same keys, TLS and limits as GRPC_PORT
     * (0: any free port); unset or empty: not served apart (README, "Profile reads on a port of their own").
     */
    AGGREGATOR_READ_GRPC_PORT: fields.optionalPort(),
    NODE_ENV: z.string().optional(),
  })
  .superRefine(checkPlatformFields, evenAfterFieldErrors)
  .superRefine(readPortApart, evenAfterFieldErrors);

/** The read port is a port of its own (0 asks for a free one, never a clash). */
function readPortApart(
  env: { AGGREGATOR_READ_GRPC_PORT?: number; GRPC_PORT: number; HTTP_PORT: number },
  context: z.RefinementCtx,
): void {
  const read = env.AGGREGATOR_READ_GRPC_PORT;
  if (!read) return;
  for (const other of ['GRPC_PORT', 'HTTP_PORT'] as const) {
    if (env[other] === read) {
      context.addIssue({ code: 'custom', path: ['AGGREGATOR_READ_GRPC_PORT'], message: `must differ from ${other}` });
    }
  }
}

function retentionDays(fallback: number) {
  return fields.positiveInt(fallback).refine((days) => days <= 36_500, 'expected at most 36500 days (100 years)');
}

type AggregatorEnv = z.output<typeof schema>;

export interface AggregatorConfig {
  env: Omit<AggregatorEnv, 'PRIVACY_PSEUDONYM_KEY'>;
  /** Where the pseudonym key comes from; `missing` in production mode without PRIVACY_PSEUDONYM_KEY. */
  pseudonymKey: PseudonymKeySource | { kind: 'missing' };
}

function pseudonymKeySource(env: AggregatorEnv): AggregatorConfig['pseudonymKey'] {
  if (env.PRIVACY_PSEUDONYM_KEY) {
    return { kind: 'configured', key: new PseudonymKey(Buffer.from(env.PRIVACY_PSEUDONYM_KEY, 'utf8')) };
  }
  if (env.NODE_ENV === 'production') return { kind: 'missing' };
  const file =
    env.PRIVACY_PSEUDONYM_KEY_FILE ?? path.join(path.dirname(env.ANALYTICS_DATA_DIR), 'preprocessor', 'pseudonym.key');
  return { kind: 'local-file', file };
}

export function loadAggregatorConfig(environment: Environment): AggregatorConfig {
  const { PRIVACY_PSEUDONYM_KEY: _secret, ...env } = parseConfig(schema, environment);
  return { env, pseudonymKey: pseudonymKeySource({ ...env, PRIVACY_PSEUDONYM_KEY: _secret }) };
}
