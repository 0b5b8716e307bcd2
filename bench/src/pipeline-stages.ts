import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { credentials } from '@grpc/grpc-js';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import {
  allTopicNames,
  CollectorClient,
  CollectorService,
  TrackBatchRequest,
  TrackBatchResponse,
  type Event,
  withPushback,
} from '@demand/contracts';
import { startLocalBroker, type LocalBroker } from '@demand/kafka-broker';
import { startServiceProcess, type ServiceProcess } from '@demand/service-process';
import { connectCaller, grpcFrame } from '@demand/grpc-server/testing';
import { cpuByThreadName, procStat } from './server-cpu.js';
import { serviceSettings } from './service-node-options.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
// BENCH_CPU_PROF_DIR: every stage writes a V8 CPU profile (.cpuprofile) there when it stops.
const profileDir = process.env.BENCH_CPU_PROF_DIR;
export const profiling = (name: string) =>
  profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${name}.cpuprofile`] : [];

/**
 * The local broker plus only the services named, each started as its own process from its
 * production entry point, in the order given (downstream first, the collector last), so a
 * benchmark measures those stages and nothing downstream of them, and the bench process
 * is left to generate load.
 */
export interface PipelineStages {
  broker: LocalBroker;
  admin: Admin;
  services: ReadonlyMap<string, ServiceProcess>;
  collector: CollectorClient;
  /** The collector's gRPC address, host:port. */
  collectorAddress: string;
  stop(): Promise<void>;
}

/** A stage's environment on the local broker, its ports picked by the system, before its own settings. */
export function stageEnvironment(broker: LocalBroker, dataDir: string): Record<string, string> {
  return {
    // Not quieter: the `<name> started` line that carries the ports is an info line.
    LOG_LEVEL: 'info',
    HTTP_HOST: '127.0.0.1',
    GRPC_HOST: '127.0.0.1',
    HTTP_PORT: '0',
    GRPC_PORT: '0',
    KAFKA_BROKERS: broker.bootstrapServers.join(','),
    ANALYTICS_DATA_DIR: path.join(dataDir, 'clickhouse'),
    KAFKAJS_NO_PARTITIONER_WARNING: '1',
  };
}

export async function startPipelineStages(names: readonly string[]): Promise<PipelineStages> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bench-stages-'));
  const broker = await startLocalBroker({ brokers: 3, topics: allTopicNames() });
  const services = new Map<string, ServiceProcess>();
  let stopping = false;
  const stopAll = async () => {
    stopping = true;
    for (const [name, service] of [...services].reverse()) {
      const code = await service.stop();
      if (code !== 0) process.stderr.write(`${name} stopped with status ${code}:\n${service.output().slice(-2000)}\n`);
    }
    await broker.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    for (const name of names) {
      const env = { ...stageEnvironment(broker, dataDir), ...serviceSettings(name) };
      const service = await startServiceProcess({
        root,
        name,
        env,
        nodeArgs: ['--enable-source-maps', ...profiling(name)],
      });
      services.set(name, service);
      void service.exited.then((code) => {
        if (!stopping)
          process.stderr.write(
            `${name} exited with status ${code} during the benchmark:\n${service.output().slice(-2000)}\n`,
          );
      });
    }
  } catch (error) {
    await stopAll();
    throw error;
  }
  const admin = new Kafka({
    clientId: 'bench-admin',
    brokers: broker.bootstrapServers,
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  const collectorAddress = `127.0.0.1:${services.get('collector')?.grpcPort}`;
  const collector = new CollectorClient(collectorAddress, credentials.createInsecure());
  return {
    broker,
    admin,
    services,
    collector,
    collectorAddress,
    async stop() {
      collector.close();
      await admin.disconnect();
      await stopAll();
    },
  };
}

/**
 * TrackBatch requests for `events`, `batchSize` a request, encoded and framed (gRPC's length prefix) before any
 * clock starts: shops' clients run elsewhere, so the machine under test should not pay for encoding them.
 */
export function encodeTrackBatches(events: readonly Event[], batchSize: number): TrackBatchFrame[] {
  const requests: TrackBatchFrame[] = [];
  for (let i = 0; i < events.length; i += batchSize) {
    const batch = events.slice(i, i + batchSize);
    requests.push({ frame: grpcFrame(TrackBatchRequest.encode({ events: batch }).finish()), events: batch.length });
  }
  return requests;
}

export interface TrackBatchFrame {
  frame: Buffer;
  /** Events in the request: the collector must answer that many accepted. */
  events: number;
}

/**
 * Sends framed TrackBatch requests (`encodeTrackBatches`) to the collector at `address` over one HTTP/2
 * connection (node:http2, not grpc-js's client: it copied each request into a new buffer to frame it), `inFlight`
 * calls at a time; resolves when every event sent was accepted (each answer's `accepted` checked).
 */
export async function sendTrackBatches(
  address: string,
  requests: readonly TrackBatchFrame[],
  inFlight: number,
): Promise<void> {
  const caller = await connectCaller(address, trackBatchPath);
  try {
    let next = 0;
    const worker = async () => {
      // The collector's back-pressure refuses with a retry hint while the preprocessor is behind.
      while (next < requests.length) {
        const request = requests[next++]!;
        const { accepted } = TrackBatchResponse.decode(await withPushback(() => caller.call(request.frame)));
        if (accepted !== request.events)
          throw new Error(`TrackBatch accepted ${accepted} of the ${request.events} events sent`);
      }
    };
    await Promise.all(Array.from({ length: inFlight }, worker));
  } finally {
    caller.close();
  }
}

const trackBatchPath = CollectorService.trackBatch.path;

/** Records of `topic` the group has not committed yet, over all partitions. */
export async function groupLag(admin: Admin, groupId: string, topic: string): Promise<number> {
  const [ends, committed] = await Promise.all([
    admin.fetchTopicOffsets(topic),
    admin.fetchOffsets({ groupId, topics: [topic] }),
  ]);
  const done = new Map((committed[0]?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
  return ends.reduce(
    (lag, end) => lag + Number(end.high) - Math.max(done.get(end.partition) ?? -1, Number(end.low)),
    0,
  );
}

/** Waits until the group has committed everything on the topic, checking every 50 ms; returns when. */
export async function waitUntilCaughtUp(
  admin: Admin,
  groupId: string,
  topic: string,
  timeoutMs: number,
): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const lag = await groupLag(admin, groupId, topic);
    if (lag === 0) return Date.now();
    if (Date.now() > deadline)
      throw new Error(`${groupId} still ${lag} records behind on ${topic} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function metricsOf(service: ServiceProcess): Promise<string> {
  const read = async () => (await fetch(`http://127.0.0.1:${service.httpPort}/metrics`)).text();
  // Once more on failure: a keep-alive socket the service closed while the bench was busy fails once.
  return read().catch(read);
}

/** CPU seconds a service's process has used so far (all its threads), from its /metrics. */
export async function cpuSeconds(service: ServiceProcess): Promise<number> {
  const match = /^process_cpu_seconds_total\{[^}]*\} ([\d.e+-]+)$/m.exec(await metricsOf(service));
  if (!match) throw new Error('no process_cpu_seconds_total in the metrics');
  return Number(match[1]);
}

/**
 * CPU seconds a service's main (JavaScript) thread has used so far, from /proc (Linux only): set
 * beside `cpuSeconds` it tells the event loop's share from the native threads' (chdb, libuv, GC helpers).
 */
export function mainThreadCpuSeconds(service: ServiceProcess): number {
  const pid = service.child.pid;
  return threadStat(`/proc/${pid}/task/${pid}/stat`).seconds;
}

/** CPU seconds a process (all its threads) has used so far, from /proc (Linux only): e.g. the broker's. */
export function processCpuSeconds(pid: number): number {
  return threadStat(`/proc/${pid}/stat`).seconds;
}

/** CPU seconds per thread name of a service's process (`cpuByThreadName`). */
export function cpuSecondsByThreadName(service: ServiceProcess): Map<string, number> {
  const micros = cpuByThreadName(service.child.pid!);
  return new Map([...micros].map(([name, us]) => [name, us / 1e6]));
}

/** A /proc `stat` file's command name and CPU, seconds. */
function threadStat(file: string): { name: string; seconds: number } {
  const { name, micros } = procStat(file);
  return { name, seconds: micros / 1e6 };
}

/** The value of a gauge or counter with no labels but the service's own on a service's /metrics. */
export async function metricValue(service: ServiceProcess, name: string): Promise<number> {
  const line = (await metricsOf(service)).split('\n').find((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `));
  if (!line) throw new Error(`no ${name} in the metrics`);
  return Number(line.slice(line.lastIndexOf(' ') + 1));
}

/** Handler calls a service's consumer of `topic` has made so far (batches handled), from its /metrics. */
export async function handlerCalls(service: ServiceProcess, topic: string): Promise<number> {
  const line = (await metricsOf(service))
    .split('\n')
    .find((l) => l.startsWith('bus_batch_duration_seconds_count{') && l.includes(`topic="${topic}"`));
  if (!line) throw new Error(`no bus_batch_duration_seconds_count for ${topic} in the metrics`);
  return Number(line.slice(line.lastIndexOf(' ') + 1));
}

/** Records published to a topic so far (all partitions). */
export async function topicSize(admin: Admin, topic: string): Promise<number> {
  return (await admin.fetchTopicOffsets(topic)).reduce((n, o) => n + Number(o.high) - Number(o.low), 0);
}
