import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { credentials } from '@grpc/grpc-js';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { allTopicNames, CollectorClient, FeaturesClient } from '@demand/contracts';
import { startLocalBroker, type LocalBroker } from '@demand/kafka-broker';
import { startServiceProcess, type ServiceProcess } from '@demand/service-process';
import { INGEST_STAGES, waitForDrain } from './consumer-lag.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** The ingest pipeline's services, each its own process running its production entry point. */
export const pipelineServices = ['collector', 'preprocessor', 'aggregator'] as const;
export type PipelineService = (typeof pipelineServices)[number];

export interface ProcessPipeline {
  broker: LocalBroker;
  kafka: Kafka;
  admin: Admin;
  dataDir: string;
  /** Stable across restarts: the collector and aggregator come back on the same gRPC ports. */
  collector: CollectorClient;
  features: FeaturesClient;
  /** SIGKILL: no drain, no commit, no flush; the aggregator's in-process ClickHouse dies with it. */
  kill(service: PipelineService): Promise<void>;
  /** SIGTERM and wait for the graceful exit code. */
  stopService(service: PipelineService): Promise<number | null>;
  start(service: PipelineService): Promise<void>;
  isRunning(service: PipelineService): boolean;
  /** Base URL of a running service's HTTP endpoints (health, metrics). */
  httpAddress(service: PipelineService): string;
  drain(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

/**
 * Broker, collector, preprocessor and aggregator as separate processes (as in production, where
 * each is its own deployment) on a fresh data directory; the aggregator hosts the embedded
 * ClickHouse in its own process, so killing it kills the store too. `env` is added to every service,
 * `serviceEnv(service)` to that one.
 */
export async function startProcessPipeline(
  env: Record<string, string> = {},
  serviceEnv: (service: PipelineService) => Record<string, string> = () => ({}),
): Promise<ProcessPipeline> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'demand-procs-'));
  const broker = await startLocalBroker({ brokers: 1, topics: allTopicNames() });
  const grpcPorts: Record<PipelineService, number> = {
    collector: await freePort(),
    preprocessor: 0,
    aggregator: await freePort(),
  };
  const running = new Map<PipelineService, ServiceProcess>();
  const environment = (service: PipelineService): Record<string, string> => ({
    PATH: process.env.PATH ?? '',
    LOG_LEVEL: 'info',
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: '0',
    GRPC_HOST: '127.0.0.1',
    GRPC_PORT: String(grpcPorts[service]),
    KAFKA_BROKERS: broker.bootstrapServers.join(','),
    KAFKAJS_NO_PARTITIONER_WARNING: '1',
    ANALYTICS_DATA_DIR: path.join(dataDir, 'clickhouse'),
    AGGREGATOR_MODELS_DIR: path.join(dataDir, 'models'),
    AGGREGATOR_INSERT_DELAY_MS: '300',
    KAFKA_SESSION_TIMEOUT_MS: '6000',
    ...env,
    ...serviceEnv(service),
  });
  const start = async (service: PipelineService) => {
    if (running.has(service)) throw new Error(`${service} is already running`);
    running.set(
      service,
      await startServiceProcess({ root, name: service, env: environment(service), killAfterMs: 20_000 }),
    );
  };
  const retire = async (service: PipelineService, end: (p: ServiceProcess) => Promise<number | null>) => {
    const child = running.get(service);
    if (!child) throw new Error(`${service} is not running`);
    const code = await end(child);
    running.delete(service);
    return code;
  };

  const kafka = new Kafka({ clientId: 'e2e-procs', brokers: broker.bootstrapServers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  const collector = new CollectorClient(`127.0.0.1:${grpcPorts.collector}`, credentials.createInsecure());
  const features = new FeaturesClient(`127.0.0.1:${grpcPorts.aggregator}`, credentials.createInsecure());
  const stop = async () => {
    collector.close();
    features.close();
    await admin.disconnect().catch(() => undefined);
    for (const service of [...running.keys()].reverse()) await retire(service, (p) => p.stop());
    await broker.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    // Each process's start is mostly waiting (its boot, its consumer group's first join): all at once.
    const [connected, ...started] = await Promise.allSettled([admin.connect(), ...pipelineServices.map(start)]);
    const failed = [connected, ...started].find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    broker,
    kafka,
    admin,
    dataDir,
    collector,
    features,
    kill: async (service) => {
      await retire(service, (p) => {
        p.child.kill('SIGKILL');
        return p.exited;
      });
    },
    stopService: (service) => retire(service, (p) => p.stop()),
    start,
    isRunning: (service) => running.has(service),
    httpAddress: (service) => {
      const child = running.get(service);
      if (!child) throw new Error(`${service} is not running`);
      return `http://127.0.0.1:${child.httpPort}`;
    },
    drain: (timeoutMs = 90_000) => waitForDrain(admin, INGEST_STAGES, timeoutMs),
    stop,
  };
}
