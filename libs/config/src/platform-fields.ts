import { z } from 'zod';
import {
  certificateFile,
  flag,
  hostPortList,
  logLevel,
  nonNegativeNumber,
  oneOf,
  port,
  positiveInt,
} from './fields.js';
import { tenantId } from './tenancy.js';

/** Variables every service reads: logging, HTTP endpoints (health, metrics), shutdown, tracing. */
export function serviceFields(defaults: { httpPort: number }) {
  return {
    LOG_LEVEL: logLevel(),
    /** The shop this deployment (cell) serves; every topic, database, collection and key check derives from it. */
    TENANT_ID: tenantId(),
    HTTP_HOST: z.string().default('0.0.0.0'),
    HTTP_PORT: port(defaults.httpPort),
    SHUTDOWN_GRACE_MS: nonNegativeNumber(10_000),
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z
      .url({ message: 'expected a URL such as http://otel-collector:4318/v1/traces' })
      .optional(),
  };
}

/** How a service reaches a ClickHouse server (its analytics, or the shared API key table). */
const clickhouseServerFields = {
  CLICKHOUSE_URL: z.url({ message: 'expected a URL such as http://clickhouse:8123' }).optional(),
  CLICKHOUSE_USER: z.string().default('default'),
  CLICKHOUSE_PASSWORD: z.string().default(''),
  CLICKHOUSE_DATABASE: z.string().default('default'),
};

/** Where the API keys live (hashes only): read by every gRPC server, written by `./demand keys`. */
export const apiKeyStoreFields = {
  /** `file`: one JSON file (local mode, a mounted Secret); `clickhouse`: a table in CLICKHOUSE_DATABASE. */
  GRPC_API_KEYS_STORE: oneOf(['file', 'clickhouse'] as const, 'file'),
  GRPC_API_KEYS_FILE: z.string().min(1, 'must not be empty').default('.data/api-keys.json'),
  /** Servers check keys against a copy of the store at most this old: a revoke reaches every replica within it. */
  GRPC_API_KEYS_REFRESH_MS: positiveInt(1000),
  ...clickhouseServerFields,
};

export type ApiKeyStoreEnv = z.output<z.ZodObject<typeof apiKeyStoreFields>>;

/** Variables of a service that serves gRPC. */
export function grpcFields(defaults: { grpcPort: number }) {
  return {
    GRPC_HOST: z.string().default('0.0.0.0'),
    GRPC_PORT: port(defaults.grpcPort),
    GRPC_MAX_MESSAGE_BYTES: positiveInt(16 * 1024 * 1024),
    /** `required`: every method but health checks needs an API key; `off`: anyone may call. Default: grpcAuthRequired. */
    GRPC_AUTH: z.enum(['off', 'required'], { message: 'expected off or required' }).optional(),
    /** Only read for GRPC_AUTH's default: production mode requires API keys. */
    NODE_ENV: z.string().optional(),
    ...apiKeyStoreFields,
    /** Calls per second of a key that sets no rate of its own. */
    GRPC_RATE_LIMIT_PER_SECOND: positiveInt(200),
    /** A call still running this long ends with DEADLINE_EXCEEDED, whatever deadline the client set. */
    GRPC_MAX_CALL_MS: positiveInt(120_000),
    /** TLS: PEM certificate chain and private key of the server. */
    GRPC_TLS_CERT_FILE: z.string().min(1).optional(),
    GRPC_TLS_KEY_FILE: z.string().min(1).optional(),
    /** mTLS: clients must present a certificate signed by this CA (PEM). */
    GRPC_TLS_CLIENT_CA_FILE: z.string().min(1).optional(),
  };
}

export type GrpcEnv = z.output<z.ZodObject<ReturnType<typeof grpcFields>>>;

/** The GRPC_TLS_* files, when TLS is on (certificate and key both set); every gRPC server of a service uses them. */
export function grpcTlsFiles(
  env: Pick<GrpcEnv, 'GRPC_TLS_CERT_FILE' | 'GRPC_TLS_KEY_FILE' | 'GRPC_TLS_CLIENT_CA_FILE'>,
): { certFile: string; keyFile: string; clientCaFile?: string } | undefined {
  if (!env.GRPC_TLS_CERT_FILE || !env.GRPC_TLS_KEY_FILE) return undefined;
  return {
    certFile: env.GRPC_TLS_CERT_FILE,
    keyFile: env.GRPC_TLS_KEY_FILE,
    ...(env.GRPC_TLS_CLIENT_CA_FILE ? { clientCaFile: env.GRPC_TLS_CLIENT_CA_FILE } : {}),
  };
}

/** GRPC_AUTH when set; otherwise keys are required in production mode (NODE_ENV=production, as the image sets). */
export function grpcAuthRequired(env: Pick<GrpcEnv, 'GRPC_AUTH' | 'NODE_ENV'>): boolean {
  return (env.GRPC_AUTH ?? (env.NODE_ENV === 'production' ? 'required' : 'off')) === 'required';
}

/** How a service reaches Kafka. */
export const kafkaFields = {
  KAFKA_BROKERS: hostPortList(['127.0.0.1:19092']),
  KAFKA_SSL: flag(false),
  /** PEM of the CA that signed the brokers' certificates, trusted instead of Node's default store; needs KAFKA_SSL. */
  KAFKA_SSL_CA_FILE: certificateFile().optional(),
  KAFKA_SASL_MECHANISM: z
    .enum(['plain', 'scram-sha-256', 'scram-sha-512'], { message: 'expected plain, scram-sha-256 or scram-sha-512' })
    .optional(),
  KAFKA_SASL_USERNAME: z.string().optional(),
  KAFKA_SASL_PASSWORD: z.string().optional(),
  /** A consumer that stops heartbeating (a killed process) loses its partitions after this long. */
  KAFKA_SESSION_TIMEOUT_MS: positiveInt(30_000),
};

/** Where a service keeps analytics: in-process ClickHouse (chdb) or a ClickHouse server. */
export const analyticsFields = {
  ANALYTICS_STORE: oneOf(['embedded', 'server'] as const, 'embedded'),
  ANALYTICS_DATA_DIR: z.string().default('.data/clickhouse'),
  /** In-process ClickHouse: a store call with no answer after this long fails (transient) and readiness goes false. */
  ANALYTICS_STATEMENT_TIMEOUT_MS: positiveInt(60_000),
  ...clickhouseServerFields,
};

type Issues = { addIssue(issue: { code: 'custom'; path: string[]; message: string }): void };

/**
 * Run cross-field rules even when single fields already failed, so start-up names every
 * problem at once: `schema.superRefine(checkPlatformFields, evenAfterFieldErrors)`.
 */
export const evenAfterFieldErrors = { when: () => true };

/** Cross-field rules of the fields above; use in a schema's superRefine. */
export function checkPlatformFields(
  env: {
    ANALYTICS_STORE?: string;
    GRPC_API_KEYS_STORE?: string;
    CLICKHOUSE_URL?: string;
    KAFKA_SASL_MECHANISM?: string;
    KAFKA_SASL_USERNAME?: string;
    KAFKA_SSL?: boolean;
    KAFKA_SSL_CA_FILE?: unknown;
    GRPC_TLS_CERT_FILE?: string;
    GRPC_TLS_KEY_FILE?: string;
    GRPC_TLS_CLIENT_CA_FILE?: string;
  },
  ctx: Issues,
): void {
  if (Boolean(env.GRPC_TLS_CERT_FILE) !== Boolean(env.GRPC_TLS_KEY_FILE)) {
    ctx.addIssue({
      code: 'custom',
      path: [env.GRPC_TLS_CERT_FILE ? 'GRPC_TLS_KEY_FILE' : 'GRPC_TLS_CERT_FILE'],
      message: 'GRPC_TLS_CERT_FILE and GRPC_TLS_KEY_FILE are set together',
    });
  }
  if (env.GRPC_TLS_CLIENT_CA_FILE && !env.GRPC_TLS_CERT_FILE) {
    ctx.addIssue({
      code: 'custom',
      path: ['GRPC_TLS_CERT_FILE'],
      message: 'is required when GRPC_TLS_CLIENT_CA_FILE is set',
    });
  }
  if (env.ANALYTICS_STORE === 'server' && !env.CLICKHOUSE_URL) {
    ctx.addIssue({ code: 'custom', path: ['CLICKHOUSE_URL'], message: 'is required when ANALYTICS_STORE=server' });
  }
  if (env.GRPC_API_KEYS_STORE === 'clickhouse' && !env.CLICKHOUSE_URL) {
    ctx.addIssue({
      code: 'custom',
      path: ['CLICKHOUSE_URL'],
      message: 'is required when GRPC_API_KEYS_STORE=clickhouse',
    });
  }
  if (env.KAFKA_SSL_CA_FILE && !env.KAFKA_SSL) {
    ctx.addIssue({ code: 'custom', path: ['KAFKA_SSL'], message: 'must be true when KAFKA_SSL_CA_FILE is set' });
  }
  if (env.KAFKA_SASL_MECHANISM && !env.KAFKA_SASL_USERNAME) {
    ctx.addIssue({
      code: 'custom',
      path: ['KAFKA_SASL_USERNAME'],
      message: 'is required when KAFKA_SASL_MECHANISM is set',
    });
  }
}
