import {
  analyticsFields,
  checkPlatformFields,
  env,
  evenAfterFieldErrors,
  grpcFields,
  kafkaFields,
  parseConfig,
  serviceFields,
  z,
  type Environment,
} from '@demand/config';
import type { AbTestOptions, AttributionRules, DriftThresholds, PromotionRules } from '@demand/online-metrics';
import type { ForecastScoringOptions } from './domain/forecast-scorer.js';

const share = (fallback: number) => z.coerce.number().min(0).max(1).default(fallback);
const confidence = z.coerce.number().gt(0.5).lt(1).default(0.95);

/** "model:everyMs,…" → model → period; models must differ and periods be positive. */
const retrainSchedule = z
  .string()
  .default('')
  .transform((spec, ctx) => {
    const schedule = new Map<string, number>();
    for (const entry of spec
      .split(',')
      .map((e) => e.trim())
      .filter(Boolean)) {
      const at = entry.lastIndexOf(':');
      const model = entry.slice(0, at).trim();
      const everyMs = Number(entry.slice(at + 1));
      if (at <= 0 || !model || !Number.isInteger(everyMs) || everyMs <= 0 || schedule.has(model)) {
        ctx.addIssue({ code: 'custom', message: `expected model:periodMs, each model once, got "${entry}"` });
        return z.NEVER;
      }
      schedule.set(model, everyMs);
    }
    return schedule;
  });

const schema = z
  .object({
    ...serviceFields({ httpPort: 8087 }),
    ...grpcFields({ grpcPort: 50057 }),
    ...kafkaFields,
    ...analyticsFields,
    /** A click counts for the list it came from (or the user's latest list holding the item) this long after serving. */
    FEEDBACK_CLICK_WINDOW_MS: env.positiveInt(30 * 60_000),
    /** Carts and purchases count this long after serving. */
    FEEDBACK_CONVERSION_WINDOW_MS: env.positiveInt(24 * 3_600_000),
    /** Only the first slots count (what the shop shows). */
    FEEDBACK_MAX_POSITION: env.positiveInt(20),
    /** The sliding window of metrics, comparisons and the gate, back from now. */
    FEEDBACK_WINDOW_MS: env.positiveInt(24 * 3_600_000),
    /** Items in the catalog, for coverage; 0 = unknown (coverage 0, distinct items still reported). */
    FEEDBACK_CATALOG_SIZE: env.nonNegativeNumber(0),
    /** The arm the other arms are compared against, and where the first champion is found. */
    FEEDBACK_CHAMPION_ARM: z.string().min(1).default('control'),
    /** The role in RecsServed.model_versions whose version a list is counted under. */
    FEEDBACK_VERSION_ROLE: z.string().min(1).default('ranker'),
    FEEDBACK_AB_CONFIDENCE: confidence,
    /** Fewest lists per arm (or version) before a comparison or decision is made. */
    FEEDBACK_AB_MIN_LISTS: env.positiveInt(1000),
    /** Fewest clicked and unclicked lists per arm (the normal approximation needs both). */
    FEEDBACK_AB_MIN_EVENTS: env.positiveInt(10),
    /** The model whose versions the champion/challenger gate judges (by its served lists). */
    FEEDBACK_GATED_MODEL: z.string().min(1).default('recommender'),
    /** models.published.v1 metric compared on the holdout (higher is better). */
    FEEDBACK_OFFLINE_METRIC: z.string().min(1).default('ndcg@10'),
    /** How much lower (absolute CTR) a challenger may be and still be promoted. */
    FEEDBACK_ONLINE_TOLERANCE: share(0.01),
    /** How much lower its offline metric may be. */
    FEEDBACK_OFFLINE_TOLERANCE: share(0.02),
    /** Gate, drift checks and exported metrics run this often (ms); 0 = only on request. */
    FEEDBACK_CHECK_MS: env.nonNegativeNumber(15 * 60_000),
    FEEDBACK_DRIFT_FEATURE_PSI: env.nonNegativeNumber(0.25),
    FEEDBACK_DRIFT_TEXT_LENGTH_PSI: env.nonNegativeNumber(0.25),
    FEEDBACK_DRIFT_UNSEEN_TOKENS: share(0.3),
    FEEDBACK_DRIFT_SCORE_PSI: env.nonNegativeNumber(0.25),
    /** Relative drop of the champion arm's CTR against the previous window (and significant). */
    FEEDBACK_DRIFT_ONLINE_DROP: share(0.2),
    /** Fewest values on each side before a drift detector speaks. */
    FEEDBACK_DRIFT_MIN_SAMPLES: env.positiveInt(200),
    /** Retrained on behaviour drift (features, scores, online drop). */
    FEEDBACK_BEHAVIOUR_MODEL: z.string().min(1).default('recommender'),
    /** Retrained on text drift (length, vocabulary). */
    FEEDBACK_TEXT_MODEL: z.string().min(1).default('text-encoder'),
    /** Forecasts issued on data through this many days back are scored against the units bought. */
    FEEDBACK_FORECAST_LOOKBACK_DAYS: env.positiveInt(28),
    /** Days of actuals before a forecast that scale its MASE. */
    FEEDBACK_FORECAST_HISTORY_DAYS: env.positiveInt(28),
    /** Season of MASE's naive forecast (7 = same weekday last week, 1 = yesterday). */
    FEEDBACK_FORECAST_SEASON: env.positiveInt(7),
    /** Retraining on a schedule, as model:periodMs pairs (e.g. "text-encoder:604800000"); empty = none. */
    FEEDBACK_RETRAIN_SCHEDULE: retrainSchedule,
    /** After any retraining request for a model, drift does not ask it again for this long. */
    FEEDBACK_RETRAIN_COOLDOWN_MS: env.nonNegativeNumber(6 * 3_600_000),
  })
  .superRefine(checkPlatformFields, evenAfterFieldErrors)
  .refine((v) => v.FEEDBACK_FORECAST_HISTORY_DAYS > v.FEEDBACK_FORECAST_SEASON, {
    message: 'FEEDBACK_FORECAST_HISTORY_DAYS must exceed FEEDBACK_FORECAST_SEASON',
    path: ['FEEDBACK_FORECAST_HISTORY_DAYS'],
  });

export type FeedbackEnv = z.output<typeof schema>;

export interface FeedbackConfig {
  env: FeedbackEnv;
  attribution: AttributionRules;
  abTest: AbTestOptions;
  promotion: PromotionRules;
  drift: DriftThresholds;
  forecastScoring: ForecastScoringOptions;
}

export function loadFeedbackConfig(environment: Environment): FeedbackConfig {
  const values = parseConfig(schema, environment);
  const abTest = {
    confidence: values.FEEDBACK_AB_CONFIDENCE,
    minTrials: values.FEEDBACK_AB_MIN_LISTS,
    minEvents: values.FEEDBACK_AB_MIN_EVENTS,
  };
  return {
    env: values,
    attribution: {
      windowMs: {
        click: values.FEEDBACK_CLICK_WINDOW_MS,
        cart: values.FEEDBACK_CONVERSION_WINDOW_MS,
        purchase: values.FEEDBACK_CONVERSION_WINDOW_MS,
      },
      maxPosition: values.FEEDBACK_MAX_POSITION,
    },
    abTest,
    promotion: {
      ...abTest,
      tolerance: values.FEEDBACK_ONLINE_TOLERANCE,
      offlineTolerance: values.FEEDBACK_OFFLINE_TOLERANCE,
    },
    drift: {
      featurePsi: values.FEEDBACK_DRIFT_FEATURE_PSI,
      textLengthPsi: values.FEEDBACK_DRIFT_TEXT_LENGTH_PSI,
      unseenTokenShare: values.FEEDBACK_DRIFT_UNSEEN_TOKENS,
      scorePsi: values.FEEDBACK_DRIFT_SCORE_PSI,
      onlineDrop: values.FEEDBACK_DRIFT_ONLINE_DROP,
      minSamples: values.FEEDBACK_DRIFT_MIN_SAMPLES,
    },
    forecastScoring: {
      lookbackDays: values.FEEDBACK_FORECAST_LOOKBACK_DAYS,
      historyDays: values.FEEDBACK_FORECAST_HISTORY_DAYS,
      season: values.FEEDBACK_FORECAST_SEASON,
    },
  };
}
