import {
  analyticsFields,
  checkPlatformFields,
  evenAfterFieldErrors,
  grpcFields,
  kafkaFields,
  parseConfig,
  serviceFields,
  z,
  type Environment,
} from '@demand/config';

const schema = z
  .object({
    ...serviceFields({ httpPort: 8085 }),
    ...grpcFields({ grpcPort: 50055 }),
    ...kafkaFields,
    ...analyticsFields,
    /** Longest horizon a caller may ask for, in points. */
    FORECAST_MAX_HORIZON: z.coerce.number().int().min(1).max(3650).default(90),
    /** Days of daily demand history a ForecastDemand reads. */
    FORECAST_HISTORY_DAYS: z.coerce.number().int().min(28).max(3650).default(365),
    /** Worker threads that fit models; 0 fits on the serving thread (tests only). */
    FORECAST_WORKERS: z.coerce.number().int().min(0).max(64).default(1),
    /**
     * Full refit of every item, category and shop forecast at least this often (and on
     * training.requested.v1); 0 turns the scheduled forecasts off (no bus, no topic, fits on request only).
     */
    FORECAST_REFRESH_MS: z.coerce.number().int().min(0).default(21_600_000),
    /** How often the schedule looks for newly closed days to fold in (and for a due refit). */
    FORECAST_TICK_MS: z.coerce.number().int().min(1000).default(60_000),
    /** Days ahead the scheduled set is forecast; ForecastDemand beyond it fits on request. */
    FORECAST_REFRESH_HORIZON: z.coerce.number().int().min(1).max(3650).default(28),
    /** Worker threads of the scheduled refits, apart from those that serve requests. */
    FORECAST_REFRESH_WORKERS: z.coerce.number().int().min(0).max(64).default(1),
    /** Model store directory where every fitted set is recorded as a "demand-forecast" version. */
    FORECAST_MODELS_DIR: z.string().min(1).default('.data/models'),
    /** How long a trained propensity model is reused before it is retrained from the store. */
    PROPENSITY_TTL_MS: z.coerce.number().int().min(0).default(3_600_000),
  })
  .superRefine(checkPlatformFields, evenAfterFieldErrors);

export type ForecasterConfig = { env: z.output<typeof schema> };

export function loadForecasterConfig(environment: Environment): ForecasterConfig {
  return { env: parseConfig(schema, environment) };
}
