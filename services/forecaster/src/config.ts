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
import { readFileSync } from 'node:fs';
import type { CalendarDay } from './domain/calendar.js';

const calendarSchema = z.array(
  z.object({
    date: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD')
      .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), 'a real date'),
    kind: z.enum(['promotion', 'holiday']),
    name: z.string().min(1),
  }),
);

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
    /**
     * Promotions and holidays as known-future 0/1 regressors of ForecastDemand: a JSON array
     * ([{"date":"2026-11-11","kind":"promotion","name":"双11"}]) or the path of a file holding one.
     */
    FORECAST_CALENDAR: z
      .string()
      .default('')
      .transform((text, ctx): CalendarDay[] => {
        if (!text.trim()) return [];
        let json: unknown;
        try {
          json = JSON.parse(text.trim().startsWith('[') ? text : readFileSync(text, 'utf8'));
        } catch (error) {
          ctx.addIssue({
            code: 'custom',
            message: `neither a JSON array nor a readable JSON file: ${(error as Error).message}`,
          });
          return z.NEVER;
        }
        const parsed = calendarSchema.safeParse(json);
        if (!parsed.success) {
          for (const issue of parsed.error.issues)
            ctx.addIssue({ code: 'custom', message: `[${issue.path.join('.')}] ${issue.message}` });
          return z.NEVER;
        }
        return parsed.data;
      }),
    /** How long a trained propensity model is reused before it is retrained from the store. */
    PROPENSITY_TTL_MS: z.coerce.number().int().min(0).default(3_600_000),
  })
  .superRefine(checkPlatformFields, evenAfterFieldErrors);

export type ForecasterConfig = { env: z.output<typeof schema> };

export function loadForecasterConfig(environment: Environment): ForecasterConfig {
  return { env: parseConfig(schema, environment) };
}
