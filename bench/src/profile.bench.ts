// bench/profile: GetUserProfile over gRPC on a warm cache, from concurrent callers. The aggregator's
// own controller, interceptor and exception filter on the platform's Nest gRPC transport, answering
// from the ProfileCache built from a test shop's events (the cache the service refreshes from ClickHouse).
// The same-run ceiling: the standard health check on the same server and port (grpc-js answers it
// without Nest), driven by the same load generator.
import { once } from 'node:events';
import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import { FeaturesGrpcController, ProfileCache, Aggregator } from '@demand/aggregator';
import { FeaturesService, GetUserProfileRequest } from '@demand/contracts';
import { startGrpcTestServer } from '@demand/grpc-server/testing';
import type { ItemEvent } from '@demand/segments';
import { createShop } from '@demand/testkit';
import { grpcFrame, type LoadResult, percentile, runClosedLoop, runOpenLoop } from './grpc-load.js';
import { printBench, progress } from './report.js';
import { tablesFromStream } from './segments-data.js';

const USERS = Number(process.env.BENCH_PROFILE_USERS ?? 5_000);
const REQUESTS = Number(process.env.BENCH_PROFILE_REQUESTS ?? 50_000);
const RATE = Number(process.env.BENCH_PROFILE_RATE ?? 5_000);
const CALLERS = Number(process.env.BENCH_PROFILE_CALLERS ?? 8);
const GOAL_P99_MS = 1;
const GOAL_RATE = 5_000;

interface Ready {
  address: string;
  userIds: string[];
  lookupP99: number;
}

/** The server side: the cache built from the shop, served by the aggregator's controller (in a worker thread). */
async function serve(): Promise<void> {
  const shop = createShop({ seed: 11, users: USERS, items: 1_000 });
  const tables = tablesFromStream(shop.generateEvents({ days: 30, includeCatalog: true }), 16);
  const events: ItemEvent[] = [];
  for (const [userId, list] of tables.eventsByUser) for (const e of list) events.push({ ...e, userId });
  const cache = new ProfileCache();
  const built = performance.now();
  cache.apply({ items: [...tables.items.values()], events }, tables.last);
  progress(
    `profile: ${cache.userCount} users from ${events.length} events in ${(performance.now() - built).toFixed(0)} ms`,
  );
  const userIds = [...tables.eventsByUser.keys()];
  // Baseline: the same answer from the Map in-process (no network, no codec).
  for (const id of userIds) cache.userProfile(id); // warm: answers built once
  const local: number[] = [];
  for (let r = 0; r < REQUESTS; r++) {
    const begin = performance.now();
    cache.userProfile(userIds[(r * 7919) % userIds.length]!);
    local.push(performance.now() - begin);
  }
  local.sort((a, b) => a - b);
  const server = await startGrpcTestServer({
    services: { 'demand.v1.Features': FeaturesService },
    controllers: [FeaturesGrpcController],
    providers: [
      { provide: Aggregator, useValue: {} },
      { provide: ProfileCache, useValue: cache },
    ],
  });
  parentPort!.on('message', (message: string) => {
    if (message === 'cpu') parentPort!.postMessage(process.threadCpuUsage());
    else void server.close().then(() => process.exit(0));
  });
  parentPort!.postMessage({ address: server.address, userIds, lookupP99: percentile(local, 0.99) } satisfies Ready);
}

if (!isMainThread) {
  await serve();
} else {
  await measure();
}

async function measure(): Promise<void> {
  // The server runs in its own thread, as the aggregator runs apart from its callers.
  const worker = new Worker(new URL(import.meta.url));
  const next = async () => (await once(worker, 'message'))[0] as unknown;
  const ready = (await next()) as Ready;
  const serverCpu = async () => {
    worker.postMessage('cpu');
    const { user, system } = (await next()) as NodeJS.CpuUsage;
    return user + system;
  };
  type Measured = LoadResult & { serverCpuPerCall: number };
  /** Runs a load and measures the server thread's CPU µs per call beside it. */
  const measured = async (calls: number, run: () => Promise<LoadResult>): Promise<Measured> => {
    const before = await serverCpu();
    const result = await run();
    return { ...result, serverCpuPerCall: ((await serverCpu()) - before) / calls };
  };
  const open = (path: string, frames: Buffer[], calls: number) =>
    measured(calls, () =>
      runOpenLoop({ address: ready.address, path, frames, calls, rate: RATE, maxInFlight: 4 * CALLERS }),
    );
  const closed = (path: string, frames: Buffer[], calls: number) =>
    measured(calls, () => runClosedLoop({ address: ready.address, path, frames, calls, callers: CALLERS }));
  const profilePath = '/demand.v1.Features/GetUserProfile';
  const healthPath = '/grpc.health.v1.Health/Check';
  const profileFrames = Array.from({ length: ready.userIds.length }, (_, r) =>
    grpcFrame(GetUserProfileRequest.encode({ userId: ready.userIds[(r * 7919) % ready.userIds.length]! }).finish()),
  );
  // HealthCheckRequest{service: ''} encodes to no bytes.
  const healthFrames = [grpcFrame(new Uint8Array(0))];
  const p50 = (r: LoadResult) => percentile(r.latencies, 0.5);
  const p99 = (r: LoadResult) => percentile(r.latencies, 0.99);
  const describe = (name: string, r: Measured) =>
    `${name}: ${r.callsPerSecond.toFixed(0)}/s, p50 ${p50(r).toFixed(3)} ms, p99 ${p99(r).toFixed(3)} ms, ` +
    `server thread ${r.serverCpuPerCall.toFixed(0)} µs CPU/call`;
  try {
    await closed(profilePath, profileFrames, 5_000);
    await closed(healthPath, healthFrames, 5_000);
    // At the goal's rate, and the same server's health check (answered by grpc-js without Nest) as the floor.
    const health = await open(healthPath, healthFrames, REQUESTS);
    const profile = await open(profilePath, profileFrames, REQUESTS);
    // Flat out: how many reads a second the server answers at all.
    const healthMax = await closed(healthPath, healthFrames, REQUESTS / 2);
    const profileMax = await closed(profilePath, profileFrames, REQUESTS / 2);
    progress(`profile: ${REQUESTS} calls sent at ${RATE}/s, then ${REQUESTS / 2} from ${CALLERS} callers flat out`);
    progress(`  ${describe('GetUserProfile', profile)}`);
    progress(`  ${describe('health Check', health)}`);
    progress(`  ${describe('GetUserProfile flat out', profileMax)}`);
    progress(`  ${describe('health Check flat out', healthMax)}`);
    progress(`  in-process Map lookup p99 ${(ready.lookupP99 * 1000).toFixed(1)} µs`);
    // Baseline of the latency: the goal (p99 ≤ 1 ms), so a ratio ≤ 1 meets it; of the rate: 5,000/s.
    printBench('profile_read_p50', p50(profile), 'ms', GOAL_P99_MS);
    printBench('profile_read_p99', p99(profile), 'ms', GOAL_P99_MS);
    printBench('profile_read_rps', profile.callsPerSecond, 'req/s', GOAL_RATE);
    // Against the same server's health check at the same rate in the same run: the floor of this box.
    printBench('profile_read_p99_vs_health_check', p99(profile), 'ms', p99(health));
    printBench('profile_read_server_cpu_per_call', profile.serverCpuPerCall, 'us', health.serverCpuPerCall);
    printBench('profile_read_max_rps', profileMax.callsPerSecond, 'req/s', healthMax.callsPerSecond);
    printBench('profile_lookup_p99', ready.lookupP99 * 1000, 'us', 1);
  } finally {
    worker.postMessage('stop');
    await new Promise((resolve) => worker.once('exit', resolve));
  }
}
