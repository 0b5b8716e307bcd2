// bench/profile-isolate: where GetUserProfile's tail comes from. The same aggregator controller on the same
// Nest gRPC transport, served alternately from two isolates at the goal's 5,000 reads/s (h2load, else the Node
// caller): (a) this thread, whose heap holds the ProfileCache with its histories and item tallies (as the
// service's main thread does, where ingest and the refreshes add their own garbage besides), and (b) a worker
// thread whose heap holds only what a read needs: each user's encoded answer (`profile-isolate-server.ts`).
// Each run gives p50/p99, the serving thread's CPU a call and that isolate's GC pauses; the health check of the
// same server at the same rate beside it (grpc-js alone, in the same isolate, so stalled by the same pauses).
import { UserProfile as UserProfileMessage } from '@demand/contracts';
import { GetUserProfileRequest, FeaturesService } from '@demand/contracts';
import { Aggregator, FeaturesGrpcController, ProfileCache, ReviewInsights } from '@demand/aggregator';
import { startGrpcTestServer } from '@demand/grpc-server/testing';
import { grpcFrame } from './grpc-load.js';
import { healthTarget, type Measured, measureLoad } from './grpc-load-measure.js';
import { h2loadLoader, type Load, type Loader, nodeLoader, type Target } from './grpc-loaders.js';
import { fullCollectionCost, type GcPause, recordGcPauses, summarizePauses } from './profile-gc-pauses.js';
import { type IsolateReading, startIsolateServer } from './profile-isolate-server.js';
import { getHeapStatistics } from 'node:v8';
import { testShopProfileCache } from './profile-cache.js';
import { median, printBench, progress } from './report.js';

const USERS = Number(process.env.BENCH_PROFILE_USERS ?? 5_000);
const CALLS = Number(process.env.BENCH_PROFILE_ISOLATE_CALLS ?? 25_000);
const RATE = Number(process.env.BENCH_PROFILE_RATE ?? 5_000);
const PAIRS = Number(process.env.BENCH_PROFILE_ISOLATE_PAIRS ?? 3);
const CALLERS = 8;
const H2LOAD_CONNECTIONS = 2;
const GOAL_P99_MS = 1;

const { cache, userIds } = testShopProfileCache(USERS);
const answers = new Map(userIds.map((id) => [id, cache.encodedUserProfile(id)]));
const inCacheIsolate = await startGrpcTestServer({
  services: { 'demand.v1.Features': FeaturesService },
  controllers: [FeaturesGrpcController],
  providers: [
    { provide: Aggregator, useValue: {} },
    { provide: ReviewInsights, useValue: {} },
    { provide: ProfileCache, useValue: cache },
  ],
});
const lean = await startIsolateServer(answers);
const loader: Loader = h2loadLoader(H2LOAD_CONNECTIONS) ?? nodeLoader();
const frames = userIds.map((_, r) =>
  grpcFrame(GetUserProfileRequest.encode({ userId: userIds[(r * 7919) % userIds.length]! }).finish()),
);
const read = (address: string): Target => ({ address, path: '/demand.v1.Features/GetUserProfile', frames });
await sameAnswers(read(lean.address));

interface Run {
  read: Measured;
  health: Measured;
  cpuPerCall: number;
  pauses: GcPause[];
  heapMb: number;
}
const pauses = recordGcPauses();
const atRate: Load = { kind: 'open', rate: RATE, maxInFlight: 4 * CALLERS };
const runs = { cacheIsolate: [] as Run[], leanIsolate: [] as Run[] };
const collections = {} as Record<keyof typeof runs, ReturnType<typeof fullCollectionCost>>;
try {
  for (const address of [inCacheIsolate.address, lean.address])
    await measureLoad(loader, read(address), { kind: 'closed', callers: CALLERS }, 5_000);
  for (let pair = 0; pair < PAIRS; pair++) {
    runs.cacheIsolate.push(
      await measured(inCacheIsolate.address, async () => {
        const cpu = process.threadCpuUsage();
        pauses.take();
        return async () => {
          const used = process.threadCpuUsage(cpu);
          return {
            cpuMicros: used.user + used.system,
            pauses: pauses.take(),
            heapMb: getHeapStatistics().used_heap_size / 2 ** 20,
          };
        };
      }),
    );
    runs.leanIsolate.push(
      await measured(lean.address, async () => {
        await lean.read();
        return () => lean.read();
      }),
    );
    progress(`profile-isolate: pair ${pair + 1} of ${PAIRS}`);
  }
  collections.cacheIsolate = fullCollectionCost();
  collections.leanIsolate = await lean.fullCollection();
} finally {
  pauses.stop();
  await lean.close();
  await inCacheIsolate.close();
  await loader.stop();
}

const summary = (name: string, key: keyof typeof runs) => {
  const list = runs[key];
  const full = collections[key];
  const gc = summarizePauses(list.flatMap((r) => r.pauses));
  progress(
    `  ${name}: p50 ${list.map((r) => r.read.p50.toFixed(2)).join(', ')} ms; p99 ` +
      `${list.map((r) => r.read.p99.toFixed(2)).join(', ')} ms (health check ` +
      `${list.map((r) => r.health.p99.toFixed(2)).join(', ')}); reads/s ${list.map((r) => r.read.rps.toFixed(0)).join(', ')}; ` +
      `serving thread CPU a call ${list.map((r) => r.cpuPerCall.toFixed(1)).join(', ')} µs; GC: ${gc.count} pauses, ` +
      `${gc.majors} full, longest ${gc.longestMs.toFixed(1)} ms (full ${gc.longestMajorMs.toFixed(1)}), ` +
      `${gc.totalMs.toFixed(0)} ms in all (${gc.over1Ms} over 1 ms); heap in use after each run ` +
      `${list.map((r) => r.heapMb.toFixed(0)).join(', ')} MB; a forced full collection ` +
      `${(full.cpuMicros / 1000).toFixed(1)} ms of CPU, ${full.heapMb.toFixed(1)} MB in use after it`,
  );
  return {
    p99: median(list.map((r) => r.read.p99)),
    healthP99: median(list.map((r) => r.health.p99)),
    cpu: median(list.map((r) => r.cpuPerCall)),
    longestPause: gc.longestMs,
    fullCollectionMs: full.cpuMicros / 1000,
    liveMb: full.heapMb,
  };
};
progress(`profile-isolate: ${CALLS} reads at ${RATE}/s a run from ${loader.name}, ${PAIRS} runs each, alternately`);
const cacheIsolate = summary('server in the cache’s isolate', 'cacheIsolate');
const leanIsolate = summary('server in an isolate of its answers', 'leanIsolate');
// Baselines: the same reads from the isolate that holds the cache, in the same run.
printBench('profile_read_p99_lean_isolate', leanIsolate.p99, 'ms', cacheIsolate.p99);
printBench('profile_read_p99_lean_isolate_vs_goal', leanIsolate.p99, 'ms', GOAL_P99_MS);
printBench('profile_health_p99_lean_isolate', leanIsolate.healthP99, 'ms', cacheIsolate.healthP99);
printBench('profile_gc_pause_max_lean_isolate', leanIsolate.longestPause, 'ms', cacheIsolate.longestPause);
printBench('profile_full_gc_cpu_lean_isolate', leanIsolate.fullCollectionMs, 'ms', cacheIsolate.fullCollectionMs);
printBench('profile_live_heap_lean_isolate', leanIsolate.liveMb, 'MB', cacheIsolate.liveMb);
printBench('profile_read_cpu_per_call_lean_isolate', leanIsolate.cpu, 'us', cacheIsolate.cpu);

/**
 * The health check, then the reads, at the rate from one server; `reading` starts the serving thread's CPU
 * and GC readings and returns the function that ends them.
 */
async function measured(address: string, reading: () => Promise<() => Promise<IsolateReading>>): Promise<Run> {
  const health = await measureLoad(loader, healthTarget(address, H2LOAD_CONNECTIONS), atRate, CALLS);
  const end = await reading();
  const reads = await measureLoad(loader, read(address), atRate, CALLS);
  const { cpuMicros, pauses: during, heapMb } = await end();
  return { read: reads, health, cpuPerCall: cpuMicros / CALLS, pauses: during, heapMb };
}

/** The worker answers what the cache answers, byte for byte (first 50 users, through grpc-js). */
async function sameAnswers(target: Target): Promise<void> {
  const { Client, credentials } = await import('@grpc/grpc-js');
  const client = new Client(target.address, credentials.createInsecure());
  try {
    for (const id of userIds.slice(0, 50)) {
      const answer = await new Promise<Buffer>((resolve, reject) =>
        client.makeUnaryRequest(
          target.path,
          (r: GetUserProfileRequest) => Buffer.from(GetUserProfileRequest.encode(r).finish()),
          (b: Buffer) => b,
          { userId: id },
          (error, response) => (error || !response ? reject(error ?? new Error('no answer')) : resolve(response)),
        ),
      );
      if (!answer.equals(answers.get(id)!) || UserProfileMessage.decode(answer).userId !== id)
        throw new Error(`profile-isolate: the worker's answer for ${id} differs from the cache's`);
    }
  } finally {
    client.close();
  }
}
