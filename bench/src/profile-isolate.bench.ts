// bench/profile-isolate: where GetUserProfile's tail comes from. The same reads at the goal's 5,000/s (h2load,
// else the Node caller) from three servers, in turn, each run alternating: (a) the aggregator's controller on
// the platform's Nest gRPC transport in this thread, whose heap holds the ProfileCache with its histories and
// item tallies (as the service's main thread does, where ingest and the refreshes add their own garbage
// besides); (b) the same controller and transport in a worker thread whose heap holds only each user's encoded
// answer; (c) grpc-js alone in a worker thread with those answers (`profile-isolate-server.ts`). Each run gives
// p50/p99, the serving thread's CPU a call (for (a), less the touched refreshes' CPU on that thread, timed by
// its CPU clock and printed apart) and that isolate's GC pauses, with the health check of the same server at the
// same rate before it (answered in the same isolate, so stalled by the same pauses); at the end,
// what a forced full collection of each isolate costs and the heap left live after it. Through every run the main
// thread applies a touched refresh every BENCH_PROFILE_ISOLATE_REFRESH_MS (2 s, the service's default) of
// BENCH_PROFILE_ISOLATE_REFRESH_USERS users (500; 0 for none) with their whole histories, then rescores, as the
// service's `ProfileService` does on its main thread (the workers' answers are not renewed by it).
import { GetUserProfileRequest } from '@demand/contracts';
import { getHeapStatistics } from 'node:v8';
import { grpcFrame } from './grpc-load.js';
import { healthTarget, type Measured, measureLoad } from './grpc-load-measure.js';
import { h2loadLoader, type Load, type Loader, nodeLoader, type Target } from './grpc-loaders.js';
import { testShopProfileCache } from './profile-cache.js';
import { fullCollectionCost, type GcPause, recordGcPauses, summarizePauses } from './profile-gc-pauses.js';
import { type IsolateReading, startIsolateServer } from './profile-isolate-server.js';
import { sameAnswers, startProfileServer } from './profile-server.js';
import { median, printBench, progress, threadCpuMicros } from './report.js';

const USERS = Number(process.env.BENCH_PROFILE_USERS ?? 5_000);
const CALLS = Number(process.env.BENCH_PROFILE_ISOLATE_CALLS ?? 25_000);
const RATE = Number(process.env.BENCH_PROFILE_RATE ?? 5_000);
const ROUNDS = Number(process.env.BENCH_PROFILE_ISOLATE_ROUNDS ?? 3);
const REFRESH_MS = Number(process.env.BENCH_PROFILE_ISOLATE_REFRESH_MS ?? 2_000);
const REFRESH_USERS = Number(process.env.BENCH_PROFILE_ISOLATE_REFRESH_USERS ?? 500);
const CALLERS = 8;
const H2LOAD_CONNECTIONS = 2;
const GOAL_P99_MS = 1;

interface Server {
  name: string;
  address: string;
  /** Whether it serves from this (main) thread, where the touched refreshes run too. */
  onMainThread: boolean;
  /** Starts the serving thread's CPU and GC reading; the function returned ends it. */
  startReading(): Promise<() => Promise<IsolateReading>>;
  fullCollection(): Promise<ReturnType<typeof fullCollectionCost>>;
  close(): Promise<void>;
}

interface Run {
  read: Measured;
  health: Measured;
  cpuPerCall: number;
  pauses: GcPause[];
  heapMb: number;
  /** How long each touched refresh held the main thread, ms. */
  refreshes: number[];
  /** The main thread's CPU in the touched refreshes during the reads, ms. */
  refreshCpuMs: number;
}

const { cache, userIds, touched, asOf } = testShopProfileCache(USERS, REFRESH_USERS);
const answers = new Map(userIds.map((id) => [id, cache.encodedUserProfile(id)]));
const frames = userIds.map((_, r) =>
  grpcFrame(GetUserProfileRequest.encode({ userId: userIds[(r * 7919) % userIds.length]! }).finish()),
);
const read = (address: string): Target => ({ address, path: '/demand.v1.Features/GetUserProfile', frames });
const servers = [await cacheIsolateServer(), await workerServer('nest'), await workerServer('grpc-js')];
const loader: Loader = h2loadLoader(H2LOAD_CONNECTIONS) ?? nodeLoader();
const atRate: Load = { kind: 'open', rate: RATE, maxInFlight: 4 * CALLERS };
const runs = servers.map((): Run[] => []);
const collections: ReturnType<typeof fullCollectionCost>[] = [];
try {
  for (const server of servers) {
    await sameAnswers(read(server.address), answers, userIds.slice(0, 50));
    await measureLoad(loader, read(server.address), { kind: 'closed', callers: CALLERS }, 5_000);
  }
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, server] of servers.entries()) runs[i]!.push(await measured(server));
    progress(`profile-isolate: round ${round + 1} of ${ROUNDS}`);
  }
  for (const server of servers) collections.push(await server.fullCollection());
} finally {
  for (const server of servers) await server.close();
  await loader.stop();
}

progress(`profile-isolate: ${CALLS} reads at ${RATE}/s a run from ${loader.name}, ${ROUNDS} runs each, in turn`);
const figures = servers.map((server, i) => summary(server, runs[i]!, collections[i]!));
const [inCache, nest, grpcJs] = figures as [Summary, Summary, Summary];
// Baselines: the same reads from the server in the isolate that holds the cache, in the same run.
for (const [suffix, lean] of [
  ['lean_isolate', nest],
  ['grpc_js_isolate', grpcJs],
] as const) {
  printBench(`profile_read_p99_${suffix}`, lean.p99, 'ms', inCache.p99);
  printBench(`profile_health_p99_${suffix}`, lean.healthP99, 'ms', inCache.healthP99);
  printBench(`profile_gc_pause_max_${suffix}`, lean.longestPause, 'ms', inCache.longestPause);
  printBench(`profile_full_gc_cpu_${suffix}`, lean.fullCollectionMs, 'ms', inCache.fullCollectionMs);
  printBench(`profile_live_heap_${suffix}`, lean.liveMb, 'MB', inCache.liveMb);
  printBench(`profile_read_cpu_per_call_${suffix}`, lean.cpu, 'us', inCache.cpu);
}
printBench('profile_read_p99_lean_isolate_vs_goal', nest.p99, 'ms', GOAL_P99_MS);

type Summary = ReturnType<typeof summary>;

function summary({ name, onMainThread }: Server, list: Run[], full: ReturnType<typeof fullCollectionCost>) {
  const gc = summarizePauses(list.flatMap((r) => r.pauses));
  const each = (f: (r: Run) => number, digits: number) => list.map((r) => f(r).toFixed(digits)).join(', ');
  progress(
    `  ${name}: p50 ${each((r) => r.read.p50, 2)} ms; p99 ${each((r) => r.read.p99, 2)} ms (health check ` +
      `${each((r) => r.health.p99, 2)}); reads/s ${each((r) => r.read.rps, 0)}; serving thread CPU a call ` +
      `${each((r) => r.cpuPerCall, 1)} µs; GC pauses: ${gc.byKind}; heap in use after each run ${each((r) => r.heapMb, 0)} MB; a forced full collection ` +
      `${(full.cpuMicros / 1000).toFixed(1)} ms of CPU, ${full.heapMb.toFixed(1)} MB live after it; main thread ` +
      `held by touched refreshes ${list.map((r) => r.refreshes.map((ms) => ms.toFixed(0)).join('/')).join(', ')} ms ` +
      `(their CPU during the reads ${each((r) => r.refreshCpuMs, 0)} ms${onMainThread ? ', not counted in the CPU a call' : ''})`,
  );
  return {
    p99: median(list.map((r) => r.read.p99)),
    healthP99: median(list.map((r) => r.health.p99)),
    cpu: median(list.map((r) => r.cpuPerCall)),
    longestPause: gc.longestMs,
    fullCollectionMs: full.cpuMicros / 1000,
    liveMb: full.heapMb,
  };
}

/**
 * The health check, then the reads, at the rate from one server, with its thread's CPU and GC over the reads;
 * the touched refreshes run through both.
 */
async function measured(server: Server): Promise<Run> {
  const refreshes: number[] = [];
  let refreshCpu = 0;
  const refresh = setInterval(() => {
    if (REFRESH_USERS === 0) return;
    const begin = performance.now();
    const used = threadCpuMicros();
    cache.applyPage(touched, asOf);
    cache.rescore();
    refreshCpu += used();
    refreshes.push(performance.now() - begin);
  }, REFRESH_MS);
  try {
    const health = await measureLoad(loader, healthTarget(server.address, H2LOAD_CONNECTIONS), atRate, CALLS);
    const end = await server.startReading();
    const refreshCpuBefore = refreshCpu;
    const reads = await measureLoad(loader, read(server.address), atRate, CALLS);
    const { cpuMicros, pauses, heapMb } = await end();
    const refreshMicros = refreshCpu - refreshCpuBefore;
    const serving = server.onMainThread ? cpuMicros - refreshMicros : cpuMicros;
    return {
      read: reads,
      health,
      cpuPerCall: serving / CALLS,
      pauses,
      heapMb,
      refreshes,
      refreshCpuMs: refreshMicros / 1000,
    };
  } finally {
    clearInterval(refresh);
  }
}

/** (a): the server in this thread, beside the cache. */
async function cacheIsolateServer(): Promise<Server> {
  const server = await startProfileServer(cache);
  const pauses = recordGcPauses();
  return {
    name: 'Nest, in the cache’s isolate',
    address: server.address,
    onMainThread: true,
    startReading: async () => {
      const used = threadCpuMicros();
      pauses.take();
      return async () => {
        return {
          cpuMicros: used(),
          pauses: pauses.take(),
          heapMb: getHeapStatistics().used_heap_size / 2 ** 20,
        };
      };
    },
    fullCollection: async () => fullCollectionCost(),
    close: async () => {
      pauses.stop();
      await server.close();
    },
  };
}

/** (b) and (c): a worker thread with the answers alone. */
async function workerServer(kind: 'nest' | 'grpc-js'): Promise<Server> {
  const worker = await startIsolateServer(kind, answers);
  return {
    name: kind === 'nest' ? 'Nest, in an isolate of its answers' : 'grpc-js alone, in an isolate of its answers',
    address: worker.address,
    onMainThread: false,
    startReading: async () => {
      await worker.read();
      return () => worker.read();
    },
    fullCollection: () => worker.fullCollection(),
    close: () => worker.close(),
  };
}
