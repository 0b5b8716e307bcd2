import type { FactoryProvider } from '@nestjs/common';
import type { Registry } from 'prom-client';
import { createAnalyticsStore, ensureDatabase, runMigrations, type AnalyticsStore } from '@demand/analytics-store';
import {
  isTransient,
  KafkaEventBus,
  type EventBus,
  type KafkaBusOptions,
  type KafkaConnectionOptions,
  type KafkaSecurity,
} from '@demand/bus';
import { tenantNames } from '@demand/config';
import type { Logger } from '@demand/telemetry';
import type { Lifecycle } from './lifecycle.js';
import type { Readiness } from './readiness.js';
import { LIFECYCLE, LOGGER, METRICS_REGISTRY, READINESS } from './tokens.js';

export const EVENT_BUS = Symbol('EventBus');
export const ANALYTICS_STORE = Symbol('AnalyticsStore');

/**
 * Engines that services in one process share (local mode): in-process ClickHouse locks
 * its data directory to one instance per process. The owner of a shared engine closes it.
 */
export interface SharedInfrastructure {
  analytics?: AnalyticsStore;
  /** True when several services run in this process (process metrics are collected once). */
  inProcessWithOthers?: boolean;
}

export interface KafkaEnv {
  TENANT_ID: string;
  KAFKA_BROKERS: string[];
  KAFKA_SSL: boolean;
  /** The PEM text of the file named there. */
  KAFKA_SSL_CA_FILE?: string | undefined;
  KAFKA_SASL_MECHANISM?: 'plain' | 'scram-sha-256' | 'scram-sha-512' | undefined;
  KAFKA_SASL_USERNAME?: string | undefined;
  KAFKA_SASL_PASSWORD?: string | undefined;
  KAFKA_SESSION_TIMEOUT_MS?: number | undefined;
}

/** How a client of this service reaches Kafka: brokers, TLS and SASL exactly as configured, and whose topics. */
export function kafkaConnection(env: KafkaEnv, clientId: string, logger: Logger): KafkaConnectionOptions {
  const { topicPrefix } = tenantNames(env.TENANT_ID);
  return {
    ...(topicPrefix === '' ? {} : { tenant: { id: env.TENANT_ID, topicPrefix } }),
    clientId,
    brokers: env.KAFKA_BROKERS,
    ...kafkaSecurityOptions(env),
    logger,
  };
}

/** TLS (with the private CA when given) and SASL exactly as configured, for any Kafka client of a service. */
export function kafkaSecurityOptions(env: Omit<KafkaEnv, 'TENANT_ID' | 'KAFKA_BROKERS'>): KafkaSecurity {
  return {
    ssl: env.KAFKA_SSL,
    ...(env.KAFKA_SSL_CA_FILE ? { sslCa: env.KAFKA_SSL_CA_FILE } : {}),
    sasl: env.KAFKA_SASL_MECHANISM
      ? {
          mechanism: env.KAFKA_SASL_MECHANISM,
          username: env.KAFKA_SASL_USERNAME ?? '',
          password: env.KAFKA_SASL_PASSWORD ?? '',
        }
      : undefined,
  };
}

/** Heartbeats a third of the session timeout apart (at most every 3 s), as Kafka advises. */
function sessionTuning(env: KafkaEnv): KafkaBusOptions['consumer'] {
  const sessionTimeout = env.KAFKA_SESSION_TIMEOUT_MS;
  if (sessionTimeout === undefined) return {};
  return { sessionTimeout, heartbeatInterval: Math.min(3000, Math.max(100, Math.floor(sessionTimeout / 3))) };
}

export interface AnalyticsEnv {
  TENANT_ID: string;
  ANALYTICS_STORE: 'embedded' | 'server';
  ANALYTICS_DATA_DIR: string;
  ANALYTICS_STATEMENT_TIMEOUT_MS: number;
  CLICKHOUSE_URL?: string | undefined;
  CLICKHOUSE_USER: string;
  CLICKHOUSE_PASSWORD: string;
  CLICKHOUSE_DATABASE: string;
}

/**
 * Logs the producer in at start: a refused login or an untrusted certificate stops start-up with
 * the bus's error (naming the brokers, never the password); a broker down is only logged, and the
 * producer connects again at its first publish, as consumers' and publishers' retries expect.
 */
async function connectAtStart(bus: KafkaEventBus, logger: Logger): Promise<void> {
  try {
    await bus.connect();
  } catch (error) {
    if (!isTransient(error)) throw error;
    logger.warn({ err: error }, 'Kafka is not reachable at start; the producer connects at its first publish');
  }
}

/** The service's event bus: its producer connected at start, closed (after draining consumers) at stop. */
export function eventBusProvider(settings: {
  clientId: string;
  env: KafkaEnv;
  consumer?: KafkaBusOptions['consumer'];
  producer?: KafkaBusOptions['producer'];
}): FactoryProvider<EventBus> {
  const { env } = settings;
  return {
    provide: EVENT_BUS,
    inject: [LOGGER, LIFECYCLE, METRICS_REGISTRY, READINESS],
    useFactory: (logger: Logger, lifecycle: Lifecycle, registry: Registry, readiness: Readiness) => {
      const bus = new KafkaEventBus({
        ...kafkaConnection(env, settings.clientId, logger.child({ component: 'bus' })),
        metricsRegistry: registry,
        consumer: { ...sessionTuning(env), ...settings.consumer },
        producer: settings.producer,
      });
      readiness.register('event bus', () => bus.isHealthy());
      lifecycle.add(
        'event bus',
        () => connectAtStart(bus, logger),
        () => bus.close(),
      );
      return bus;
    },
  };
}

export function analyticsStoreConfig(env: AnalyticsEnv): Parameters<typeof createAnalyticsStore>[0] {
  return env.ANALYTICS_STORE === 'server'
    ? {
        mode: 'server',
        url: env.CLICKHOUSE_URL!,
        username: env.CLICKHOUSE_USER,
        password: env.CLICKHOUSE_PASSWORD,
        database: tenantNames(env.TENANT_ID).database(env.CLICKHOUSE_DATABASE),
      }
    : { mode: 'embedded', path: env.ANALYTICS_DATA_DIR, statementTimeoutMs: env.ANALYTICS_STATEMENT_TIMEOUT_MS };
}

/**
 * The analytics store with the service's migrations applied before anything else starts (on a
 * server, in the tenant's database, created when missing).
 * Uses the process's shared engine when there is one; otherwise opens and closes its own.
 */
export function analyticsStoreProvider(settings: {
  owner: string;
  migrationsDirectory: string;
  env: AnalyticsEnv;
  shared: SharedInfrastructure;
}): FactoryProvider<AnalyticsStore> {
  return {
    provide: ANALYTICS_STORE,
    inject: [LOGGER, LIFECYCLE, READINESS],
    useFactory: (logger: Logger, lifecycle: Lifecycle, readiness: Readiness) => {
      const config = analyticsStoreConfig(settings.env);
      const store = settings.shared.analytics ?? createAnalyticsStore(config);
      readiness.register('analytics store', async () => {
        await store.ping();
        return true;
      });
      readiness.register('analytics store calls', () => {
        const health = store.health();
        if (!health.healthy) logger.warn({ detail: health.detail }, 'analytics store is not healthy');
        return health.healthy;
      });
      lifecycle.add(
        'analytics store',
        async () => {
          // A new tenant's database on a shared server: created before its tables.
          if (config.mode === 'server' && !settings.shared.analytics) await ensureDatabase(config);
          await runMigrations(store, { owner: settings.owner, directory: settings.migrationsDirectory }, logger);
        },
        async () => {
          if (!settings.shared.analytics) await store.close();
        },
      );
      return store;
    },
  };
}
