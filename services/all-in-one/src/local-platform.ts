import path from 'node:path';
import { mkdirSync } from 'node:fs';
import { ConfigError, scopedEnvironment, type TenantNames, tenantNames, type Environment } from '@demand/config';
import { allTopicNames } from '@demand/contracts';
import { createAnalyticsStore, type AnalyticsStore } from '@demand/analytics-store';
import { startLocalBroker, type LocalBroker } from '@demand/kafka-broker';
import type { RunningService } from '@demand/service-runtime';
import type { Logger } from '@demand/telemetry';
import { upstreamApis, addressVariable } from '@demand/gateway';
import { writeDemoSeedCorpus } from './demo-seed-corpus.js';
import { issueDemoApiKey } from './demo-api-key.js';
import { localTenant } from './local-tenant.js';
import { stopPlatformParts } from './platform-shutdown.js';
import { serviceTargets } from './service-catalog.js';

export interface LocalPlatformOptions {
  /** Everything the platform keeps lives under this directory. */
  dataDir: string;
  /** The environment as read at start-up; `<SERVICE>_X` variables configure one service. */
  env: Environment;
  /** Brokers listen on this port and the next ones; random ports when absent. */
  kafkaPortBase?: number;
  /** When false every HTTP and gRPC port is picked by the OS (tests run several platforms). */
  fixedPorts: boolean;
  /** The shared in-process ClickHouse's limit per call (see EmbeddedStoreConfig); its default when absent. */
  analyticsStatementTimeoutMs?: number;
  /** The logger of one service (or of the platform itself, as "local"). */
  loggerFor(service: string): Logger;
  /** Every gRPC server requires an API key (GRPC_AUTH=required) and a demo key is issued for this run. */
  requireApiKeys?: boolean;
}

export interface LocalPlatform {
  /** The one tenant every service of the process serves (TENANT_ID), with the names derived from it. */
  tenant: TenantNames;
  kafkaBrokers: string[];
  broker: LocalBroker;
  analytics: AnalyticsStore;
  services: ReadonlyMap<string, RunningService>;
  grpcAddress(service: string): string;
  /** Base URL of a service's HTTP endpoints (the gateway's serves the API and the console). */
  httpAddress(service: string): string;
  /** The key this run issued when `requireApiKeys` is set (send it as `authorization: Bearer <key>`). */
  apiKey?: string;
  stop(): Promise<void>;
}

function apiKeysFile(options: LocalPlatformOptions): string {
  return options.env.GRPC_API_KEYS_FILE ?? path.join(options.dataDir, 'api-keys.json');
}

/** The gateway's upstream addresses and metrics targets: the ports the services already started on. */
function gatewayEnvironment(services: ReadonlyMap<string, RunningService>): Environment {
  const environment: Record<string, string> = {};
  for (const api of upstreamApis) {
    const port = services.get(api.servedBy)?.grpcPort;
    if (port !== undefined) environment[`GATEWAY_${addressVariable(api)}`] = `127.0.0.1:${port}`;
  }
  environment.GATEWAY_METRICS_TARGETS = [...services.values()]
    .map((service) => `${service.name}=http://127.0.0.1:${service.httpPort}`)
    .join(',');
  return environment;
}

/** Local mode's seed for the first text models: a test-kit shop's texts (see demo-seed-corpus.ts). */
function demoSeedCorpusFile(dataDir: string): string {
  return path.join(dataDir, 'embedder', 'demo-seed-corpus.json');
}

function serviceEnvironment(
  name: string,
  tenant: string,
  options: LocalPlatformOptions,
  kafkaBrokers: string[],
  services: ReadonlyMap<string, RunningService>,
): Environment {
  const base: Environment = {
    ...options.env,
    ...gatewayEnvironment(services),
    LOG_LEVEL: options.env.LOG_LEVEL ?? 'info',
    HTTP_HOST: '127.0.0.1',
    GRPC_HOST: '127.0.0.1',
    KAFKA_BROKERS: kafkaBrokers.join(','),
    ANALYTICS_STORE: 'embedded',
    ANALYTICS_DATA_DIR: path.join(options.dataDir, 'clickhouse'),
    ...(options.requireApiKeys ? { GRPC_AUTH: options.env.GRPC_AUTH ?? 'required' } : {}),
    EMBEDDER_DATA_DIR: options.env.EMBEDDER_DATA_DIR ?? path.join(options.dataDir, 'embedder'),
    EMBEDDER_MODELS_DIR: options.env.EMBEDDER_MODELS_DIR ?? path.join(options.dataDir, 'models'),
    EMBEDDER_SEED_CORPUS_FILE: options.env.EMBEDDER_SEED_CORPUS_FILE ?? demoSeedCorpusFile(options.dataDir),
    RECOMMENDER_MODELS_DIR: options.env.RECOMMENDER_MODELS_DIR ?? path.join(options.dataDir, 'models'),
    FORECAST_MODELS_DIR: options.env.FORECAST_MODELS_DIR ?? path.join(options.dataDir, 'models'),
    // Segment models versioned beside the other models, so segment ids survive `make run` restarts.
    AGGREGATOR_MODELS_DIR: options.env.AGGREGATOR_MODELS_DIR ?? path.join(options.dataDir, 'models'),
  };
  // One tenant and one key file for every service: the demo key is issued into that file.
  const scoped = {
    ...scopedEnvironment(base, name),
    TENANT_ID: tenant,
    GRPC_API_KEYS_STORE: 'file',
    GRPC_API_KEYS_FILE: apiKeysFile(options),
  };
  return options.fixedPorts ? scoped : { ...scoped, HTTP_PORT: '0', GRPC_PORT: '0' };
}

/**
 * Local mode: the broker as its own process, one in-process ClickHouse shared by the
 * services that need it, and every service in this process, each its own Nest app
 * with its own config section, gRPC server, consumers and endpoints.
 */
export async function startLocalPlatform(options: LocalPlatformOptions): Promise<LocalPlatform> {
  const tenant = localTenant(
    options.env,
    serviceTargets.map((t) => t.name),
  );
  mkdirSync(options.dataDir, { recursive: true });
  const configs = new Map<string, unknown>();
  const problems: string[] = [];
  const placeholderBrokers = ['127.0.0.1:1'];
  for (const target of serviceTargets) {
    try {
      configs.set(
        target.name,
        target.configure(serviceEnvironment(target.name, tenant, options, placeholderBrokers, new Map())),
      );
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(...error.problems.map((p) => `${target.name}: ${p}`));
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);

  if (options.env.EMBEDDER_SEED_CORPUS_FILE === undefined)
    await writeDemoSeedCorpus(demoSeedCorpusFile(options.dataDir));
  // `tenant` is valid by now: every service's config checked it above.
  const apiKey = options.requireApiKeys ? await issueDemoApiKey(apiKeysFile(options), tenant) : undefined;
  const names = tenantNames(tenant);
  const topics = allTopicNames(names.topicPrefix);
  const broker = await startLocalBroker({ brokers: 3, topics, portBase: options.kafkaPortBase });
  const analytics = createAnalyticsStore({
    mode: 'embedded',
    path: path.join(options.dataDir, 'clickhouse'),
    ...(options.analyticsStatementTimeoutMs === undefined
      ? {}
      : { statementTimeoutMs: options.analyticsStatementTimeoutMs }),
  });
  const services = new Map<string, RunningService>();
  const shared = { analytics, inProcessWithOthers: true };
  /** The services each stage brought up, in start order; they stop stage by stage, the last first. */
  const stagesUp: RunningService[][] = [];
  const stop = async () => {
    services.clear();
    await stopPlatformParts({
      stages: stagesUp.splice(0),
      store: { name: 'analytics store', close: () => analytics.close() },
      broker: { name: 'broker', close: () => broker.stop() },
    });
  };
  try {
    const stages = [...new Set(serviceTargets.map((t) => t.stage))].sort((a, b) => a - b);
    for (const stage of stages) {
      const starting = serviceTargets
        .filter((t) => t.stage === stage)
        .map(async (target) => {
          const config = target.configure(
            serviceEnvironment(target.name, tenant, options, broker.bootstrapServers, services),
          );
          return [target.name, await target.start(config, options.loggerFor(target.name), shared)] as const;
        });
      // every start of the stage settles before a failure is thrown, so stop() closes all that came up
      const started = await Promise.allSettled(starting);
      const up = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
      for (const [name, service] of up) services.set(name, service);
      stagesUp.push(up.map(([, service]) => service));
      const failed = started.find((result) => result.status === 'rejected');
      if (failed) throw failed.reason;
    }
  } catch (error) {
    await stop().catch((stopError: unknown) =>
      options.loggerFor('local').error({ err: stopError }, 'failed to stop after a failed start'),
    );
    throw error;
  }
  return {
    tenant: names,
    kafkaBrokers: broker.bootstrapServers,
    broker,
    analytics,
    services,
    ...(apiKey ? { apiKey } : {}),
    grpcAddress(service) {
      const port = services.get(service)?.grpcPort;
      if (port === undefined) throw new Error(`${service} has no gRPC server`);
      return `127.0.0.1:${port}`;
    },
    httpAddress(service) {
      const port = services.get(service)?.httpPort;
      if (port === undefined) throw new Error(`${service} is not running`);
      return `http://127.0.0.1:${port}`;
    },
    stop,
  };
}
