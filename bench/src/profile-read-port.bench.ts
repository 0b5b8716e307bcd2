// bench/profile-read-port: GetUserProfile from the aggregator's read port (`ReadServer`: grpc-js alone in a worker
// thread, answers posted by the main thread) against the current path (the Features controller on the platform's
// Nest transport in the main thread, beside the ProfileCache), both serving the same cache in this process. The
// reads at the goal's 5,000/s from h2load (when installed) and from the Node caller, the two servers alternately,
// the order reversed every round. Through every run the main thread applies a touched refresh every 2 s of 500
// users' whole histories and rescores, as `ProfileService` does, then posts the changed answers to the read
// server (`syncAnswers`), as the service does after each refresh. Neither server asks for API keys here (the
// guard runs, without an authorizer), as in `profile`. The process's CPU a call covers both threads (the Node
// caller's own thread left out).
import { Registry } from 'prom-client';
import { GetUserProfileRequest } from '@demand/contracts';
import { ReadServer } from '@demand/aggregator';
import { createGrpcMetrics } from '@demand/grpc-server';
import { createLogger } from '@demand/telemetry';
import { grpcFrame } from './grpc-load.js';
import { type Measured, measureLoad } from './grpc-load-measure.js';
import { h2loadLoader, type Load, type Loader, nodeLoader, type Target } from './grpc-loaders.js';
import { testShopProfileCache } from './profile-cache.js';
import { sameAnswers, startProfileServer } from './profile-server.js';
import { alternately, median, printBench, progress } from './report.js';

const USERS = Number(process.env.BENCH_PROFILE_USERS ?? 5_000);
const CALLS = Number(process.env.BENCH_PROFILE_READ_PORT_CALLS ?? 25_000);
const RATE = Number(process.env.BENCH_PROFILE_RATE ?? 5_000);
const ROUNDS = Number(process.env.BENCH_PROFILE_READ_PORT_ROUNDS ?? 3);
const REFRESH_MS = 2_000;
const REFRESH_USERS = 500;
const CALLERS = 8;
const H2LOAD_CONNECTIONS = 2;
const GOAL_P99_MS = 1;

const { cache, userIds, touched, asOf } = testShopProfileCache(USERS, REFRESH_USERS);
const frames = userIds.map((_, r) =>
  grpcFrame(GetUserProfileRequest.encode({ userId: userIds[(r * 7919) % userIds.length]! }).finish()),
);
const nest = await startProfileServer(cache);
const readServer = new ReadServer(
  {
    answers: cache,
    telemetry: {
      logger: createLogger({ service: 'bench', level: 'silent' }),
      metrics: createGrpcMetrics(new Registry()),
    },
  },
  {
    settings: { host: '127.0.0.1', port: 0, maxReceiveMessageBytes: 4 << 20, maxCallMs: 60_000, shutdownGraceMs: 500 },
  },
);
await readServer.start();
const servers = [
  { name: 'Nest, main thread', address: nest.address },
  { name: 'read port, worker', address: `127.0.0.1:${readServer.port}` },
];
const read = (address: string): Target => ({ address, path: '/demand.v1.Features/GetUserProfile', frames });
const h2load = h2loadLoader(H2LOAD_CONNECTIONS);
const loaders: Loader[] = h2load ? [h2load, nodeLoader()] : [nodeLoader()];
const atRate: Load = { kind: 'open', rate: RATE, maxInFlight: 4 * CALLERS };
/** runs[loader][server]: one Measured a round. */
const runs: Measured[][][] = [];
const refreshes: number[] = [];
const refresh = setInterval(() => {
  const begin = performance.now();
  cache.applyPage(touched, asOf);
  cache.rescore();
  refreshes.push(performance.now() - begin);
  void readServer.syncAnswers();
}, REFRESH_MS);
try {
  const answers = new Map(userIds.slice(0, 50).map((id) => [id, cache.encodedUserProfile(id)]));
  for (const server of servers) await sameAnswers(read(server.address), answers, [...answers.keys()]);
  for (const loader of loaders) {
    for (const server of servers)
      await measureLoad(loader, read(server.address), { kind: 'closed', callers: CALLERS }, 5_000);
    runs.push(
      await alternately(ROUNDS, servers, async (server, round) => {
        progress(`profile-read-port: ${loader.name} round ${round + 1} of ${ROUNDS}, ${server.name}`);
        return measureLoad(loader, read(server.address), atRate, CALLS);
      }),
    );
  }
} finally {
  clearInterval(refresh);
  for (const loader of loaders) await loader.stop();
  await readServer.close();
  await nest.close();
}

progress(
  `profile-read-port: ${CALLS} reads at ${RATE}/s a run, ${ROUNDS} runs a server and loader, alternately; ` +
    `touched refreshes of ${REFRESH_USERS} users held the main thread ` +
    `${median(refreshes).toFixed(0)} ms (median of ${refreshes.length})`,
);
for (const [l, loader] of loaders.entries()) {
  const [onNest, onPort] = runs[l]! as [Measured[], Measured[]];
  const each = (list: Measured[], f: (m: Measured) => number, digits: number) =>
    list.map((m) => f(m).toFixed(digits)).join(', ');
  for (const [s, server] of servers.entries()) {
    const list = runs[l]![s]!;
    progress(
      `  ${loader.name}, ${server.name}: p50 ${each(list, (m) => m.p50, 3)} ms; ` +
        `p99 ${each(list, (m) => m.p99, 3)} ms; reads/s ${each(list, (m) => m.rps, 0)}; ` +
        `process CPU a call ${each(list, (m) => m.serviceCpuPerCall, 1)} µs`,
    );
  }
  const p99 = (list: Measured[]) => median(list.map((m) => m.p99));
  // Baseline: the Nest path's median in the same run (same loader, alternated).
  printBench(`profile_read_port_p99_${loader.name}`, p99(onPort), 'ms', p99(onNest));
  printBench(
    `profile_read_port_p50_${loader.name}`,
    median(onPort.map((m) => m.p50)),
    'ms',
    median(onNest.map((m) => m.p50)),
  );
  printBench(
    `profile_read_port_cpu_per_call_${loader.name}`,
    median(onPort.map((m) => m.serviceCpuPerCall)),
    'us',
    median(onNest.map((m) => m.serviceCpuPerCall)),
  );
  printBench(`profile_read_port_p99_vs_goal_${loader.name}`, p99(onPort), 'ms', GOAL_P99_MS);
}
