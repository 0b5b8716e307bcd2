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

const schema = z
  .object({
    ...serviceFields({ httpPort: 8084 }),
    ...grpcFields({ grpcPort: 50054 }),
    ...kafkaFields,
    ...analyticsFields,
    // Retention (ClickHouse TTL), in days, per table group; applied at every start.
    /** Raw clean events (clean_events). */
    AGGREGATOR_RAW_TTL_DAYS: retentionDays(730),
    /** Hourly aggregates, user×item state and purchases (item_hourly, user_hourly, user_item_state, user_purchases). */
    AGGREGATOR_FEATURES_TTL_DAYS: retentionDays(400),
    /** Session co-occurrence tables (session_items, item_sessions). */
    AGGREGATOR_SESSIONS_TTL_DAYS: retentionDays(90),
    /** Rows per insert into ClickHouse, gathered across Kafka fetches and partitions. */
    AGGREGATOR_INSERT_ROWS: fields.positiveInt(50_000),
    /** …or this long after the first gathered row. */
    AGGREGATOR_INSERT_DELAY_MS: fields.positiveInt(250),
  })
  .superRefine(checkPlatformFields, evenAfterFieldErrors);

function retentionDays(fallback: number) {
  return fields.positiveInt(fallback).refine((days) => days <= 36_500, 'expected at most 36500 days (100 years)');
}

export type AggregatorConfig = { env: z.output<typeof schema> };

export function loadAggregatorConfig(environment: Environment): AggregatorConfig {
  return { env: parseConfig(schema, environment) };
}
