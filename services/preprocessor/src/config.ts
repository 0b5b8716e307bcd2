import path from 'node:path';
import {
  checkPlatformFields,
  evenAfterFieldErrors,
  ConfigError,
  env,
  kafkaFields,
  parseConfig,
  serviceFields,
  z,
  type Environment,
} from '@demand/config';
import { defaultEventLimits, type EventLimits } from '@demand/event-validation';
import { defaultBotRuleSettings, type BotRuleSettings } from './domain/bot-detector.js';
import type { JoinLimits } from './consumers/joined-batches.js';
import { parseCurrencyTable, type CurrencyTable } from './domain/currency.js';
import { PseudonymKey, type PseudonymKeySource } from '@demand/pseudonyms';

const DAY_MS = 86_400_000;
/** Units of CNY per unit of each currency: a documented default table, meant to be configured. */
const DEFAULT_RATES = 'USD=7.1,EUR=7.7,GBP=9.0,HKD=0.91,JPY=0.047,KRW=0.0052,TWD=0.22,SGD=5.3';
const MIN_KEY_LENGTH = 32;
/** A batch's wait for others, at most: well below SHUTDOWN_GRACE_MS (10 s), and a linger is meant to be a few ms. */
const MAX_JOIN_LINGER_MS = 1000;

const schema = z
  .object({
    ...serviceFields({ httpPort: 8082 }),
    ...kafkaFields,
    /** `production` makes PRIVACY_PSEUDONYM_KEY mandatory (the image sets it). */
    NODE_ENV: z.string().optional(),
    PREPROCESSOR_DEDUP_WINDOW: env.positiveInt(1_000_000),
    PREPROCESSOR_LATE_AFTER_MS: env.positiveInt(DAY_MS),
    PREPROCESSOR_BASE_CURRENCY: z.string().default('CNY'),
    PREPROCESSOR_CURRENCY_RATES: z.string().default(DEFAULT_RATES),
    PREPROCESSOR_BOT_MEMORY_MS: env.positiveInt(defaultBotRuleSettings.flaggedUserMemoryMs),
    /** Events of the partitions' batches cleaned and published in one pass, at most. */
    PREPROCESSOR_JOIN_MAX_EVENTS: env.positiveInt(10_000),
    /** How long a batch waits for other partitions' batches to join its pass (0: the event loop's next turn). */
    PREPROCESSOR_JOIN_LINGER_MS: z.coerce
      .number({ message: 'expected a number' })
      .nonnegative('expected zero or more')
      .max(MAX_JOIN_LINGER_MS, `expected at most ${MAX_JOIN_LINGER_MS} ms`)
      .default(0),
    PREPROCESSOR_DATA_DIR: z.string().min(1, 'must not be empty').optional(),
    /** Only read to place PREPROCESSOR_DATA_DIR beside the analytics data when it is not set (local mode). */
    ANALYTICS_DATA_DIR: z.string().optional(),
    // Checked below, outside zod, so that its value never appears in an error message.
    PRIVACY_PSEUDONYM_KEY: z.string().optional(),
  })
  .superRefine(checkPlatformFields, evenAfterFieldErrors);

type ParsedEnv = z.output<typeof schema>;

export interface PreprocessorConfig {
  /** The environment without the key. */
  env: Omit<ParsedEnv, 'PRIVACY_PSEUDONYM_KEY'>;
  limits: EventLimits;
  lateAfterMs: number;
  currency: CurrencyTable;
  dedupWindow: number;
  /** How the partitions' batches join into one cleaning pass. */
  join: JoinLimits;
  bots: BotRuleSettings;
  /** Catalog snapshot (and, in local mode, the generated key) live here. */
  dataDir: string;
  pseudonymKey: PseudonymKeySource;
}

/** PREPROCESSOR_DATA_DIR, else `preprocessor/` beside ANALYTICS_DATA_DIR (local mode: `.data/preprocessor`), else `.data/preprocessor`. */
function preprocessorDataDir(parsed: ParsedEnv): string {
  if (parsed.PREPROCESSOR_DATA_DIR) return parsed.PREPROCESSOR_DATA_DIR;
  return path.join(path.dirname(parsed.ANALYTICS_DATA_DIR ?? path.join('.data', 'clickhouse')), 'preprocessor');
}

export function loadPreprocessorConfig(environment: Environment): PreprocessorConfig {
  const problems: string[] = [];
  let parsed: ParsedEnv | undefined;
  try {
    parsed = parseConfig(schema, environment);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.problems);
  }
  const key = environment.PRIVACY_PSEUDONYM_KEY;
  if (key !== undefined && key.length < MIN_KEY_LENGTH) {
    problems.push(
      `PRIVACY_PSEUDONYM_KEY: must be at least ${MIN_KEY_LENGTH} characters (got ${key.length}; the value is never shown)`,
    );
  }
  if (key === undefined && environment.NODE_ENV === 'production') {
    problems.push(
      'PRIVACY_PSEUDONYM_KEY: is required when NODE_ENV=production (a secret of at least 32 characters; it is not set)',
    );
  }
  const currency = parseCurrencyTable(
    environment.PREPROCESSOR_BASE_CURRENCY ?? 'CNY',
    environment.PREPROCESSOR_CURRENCY_RATES ?? DEFAULT_RATES,
  );
  if ('problems' in currency) problems.push(...currency.problems.map((p) => `PREPROCESSOR_CURRENCY_RATES: ${p}`));
  if (problems.length > 0 || !parsed || !('table' in currency)) throw new ConfigError(problems);

  const { PRIVACY_PSEUDONYM_KEY: _secret, ...rest } = parsed;
  const dataDir = preprocessorDataDir(parsed);
  return {
    env: rest,
    limits: defaultEventLimits,
    lateAfterMs: parsed.PREPROCESSOR_LATE_AFTER_MS,
    currency: currency.table,
    dedupWindow: parsed.PREPROCESSOR_DEDUP_WINDOW,
    join: { maxValues: parsed.PREPROCESSOR_JOIN_MAX_EVENTS, lingerMs: parsed.PREPROCESSOR_JOIN_LINGER_MS },
    bots: { ...defaultBotRuleSettings, flaggedUserMemoryMs: parsed.PREPROCESSOR_BOT_MEMORY_MS },
    dataDir,
    pseudonymKey: key
      ? { kind: 'configured', key: new PseudonymKey(Buffer.from(key, 'utf8')) }
      : { kind: 'local-file', file: path.join(dataDir, 'pseudonym.key') },
  };
}
