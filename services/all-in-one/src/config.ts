import { analyticsFields, env, parseConfig, z, type Environment } from '@demand/config';

const schema = z.object({
  LOCAL_DATA_DIR: z.string().default('.data'),
  LOCAL_KAFKA_PORT: env.port(19092),
  LOCAL_DEMO: env.flag(true),
  /** gRPC callers need an API key; a demo key is issued each run and printed. */
  LOCAL_REQUIRE_API_KEYS: env.flag(true),
  ANALYTICS_STATEMENT_TIMEOUT_MS: analyticsFields.ANALYTICS_STATEMENT_TIMEOUT_MS,
  LOCAL_DEMO_SEED: env.positiveInt(42),
  LOCAL_DEMO_USERS: env.positiveInt(2000),
  LOCAL_DEMO_ITEMS: env.positiveInt(400),
  LOCAL_DEMO_DAYS: env.positiveInt(14),
  LOCAL_DEMO_MAX_EVENTS: env.positiveInt(150_000),
  LOG_LEVEL: env.logLevel(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z
    .url({ message: 'expected a URL such as http://localhost:4318/v1/traces' })
    .optional(),
});

export type LocalConfig = z.output<typeof schema>;

/** Settings of local mode itself; each service validates its own section separately. */
export function loadLocalConfig(environment: Environment): LocalConfig {
  return parseConfig(schema, environment);
}
