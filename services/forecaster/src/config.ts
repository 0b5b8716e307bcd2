import {
  analyticsFields,
  checkPlatformFields,
  evenAfterFieldErrors,
  grpcFields,
  parseConfig,
  serviceFields,
  z,
  type Environment,
} from '@demand/config';

const schema = z
  .object({
    ...serviceFields({ httpPort: 8085 }),
    ...grpcFields({ grpcPort: 50055 }),
    ...analyticsFields,
    /** Longest horizon a caller may ask for, in points. */
    FORECAST_MAX_HORIZON: z.coerce.number().int().min(1).max(3650).default(90),
    /** Days of daily demand history a ForecastDemand reads. */
    FORECAST_HISTORY_DAYS: z.coerce.number().int().min(28).max(3650).default(365),
    /** Worker threads that fit models; 0 fits on the serving thread (tests only). */
    FORECAST_WORKERS: z.coerce.number().int().min(0).max(64).default(1),
    /** How long a trained propensity model is reused before it is retrained from the store. */
    PROPENSITY_TTL_MS: z.coerce.number().int().min(0).default(3_600_000),
  })
  .superRefine(checkPlatformFields, evenAfterFieldErrors);

export type ForecasterConfig = { env: z.output<typeof schema> };

export function loadForecasterConfig(environment: Environment): ForecasterConfig {
  return { env: parseConfig(schema, environment) };
}
