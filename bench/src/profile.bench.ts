// bench/profile: GetUserProfile over gRPC on a warm cache. The aggregator's own controller,
// interceptor and exception filter on the platform's Nest gRPC transport, answering from the
// ProfileCache built from a test shop's events (the cache the service refreshes from ClickHouse),
// served from this thread, so the server is measured by this thread's CPU. The load comes from
// h2load when it is installed (a C load generator, a process a connection and user), else from
// the Node caller in a thread of its own; both run when h2load is there, and what each costs the
// shared cores a call is printed beside the server's CPU a call. The same-run floor: the standard
// health check on the same server and port (grpc-js answers it without Nest), from the same loader.
import { Server, ServerCredentials, type sendUnaryData, type ServerUnaryCall } from '@grpc/grpc-js';
import { FeaturesService, GetUserProfileRequest, type UserProfile } from '@demand/contracts';
import { acceptEncodedResponses } from '@demand/grpc-server';
import { grpcFrame, percentile } from './grpc-load.js';
import { healthTarget, type LoaderRun, type Measured, measureBesideHealth, measureLoad } from './grpc-load-measure.js';
import { h2loadLoader, type Loader, nodeLoader, type Target } from './grpc-loaders.js';
import { testShopProfileCache } from './profile-cache.js';
import { recordGcPauses, summarizePauses } from './profile-gc-pauses.js';
import { startProfileServer } from './profile-server.js';
import { median, printBench, progress } from './report.js';

const USERS = Number(process.env.BENCH_PROFILE_USERS ?? 5_000);
const REQUESTS = Number(process.env.BENCH_PROFILE_REQUESTS ?? 50_000);
const RATE = Number(process.env.BENCH_PROFILE_RATE ?? 5_000);
const CALLERS = Number(process.env.BENCH_PROFILE_CALLERS ?? 8);
/**
 * Distinct users h2load asks for, one process each: each is one HTTP/2 connection with its calls
 * multiplexed on it, as a caller's grpc-js channel is. The health check is sent in the same shape.
 * The Node caller cycles through every user on one connection.
 */
const H2LOAD_CONNECTIONS = Number(process.env.BENCH_PROFILE_H2LOAD_CONNECTIONS ?? 2);
/** Flat-out runs of the Nest server and the bare one, alternately, for their CPU a call. */
const PAIRS = 3;
const GOAL_P99_MS = 1;
const GOAL_RATE = 5_000;

const { cache, userIds } = testShopProfileCache(USERS);
const lookupP99 = inMemoryLookupP99(userIds);

const server = await startProfileServer(cache);
const bare = await startBareServer();
const h2load = h2loadLoader(H2LOAD_CONNECTIONS);
const node = nodeLoader();
const loaders: Loader[] = h2load ? [h2load, node] : [node];
progress(
  h2load
    ? `profile: load from h2load (${H2LOAD_CONNECTIONS} connections, a user each), the Node caller beside it`
    : 'profile: h2load not installed (Debian nghttp2-client): load from the Node caller',
);
const profile: Target = {
  address: server.address,
  path: '/demand.v1.Features/GetUserProfile',
  frames: userIds.map((_, r) =>
    grpcFrame(GetUserProfileRequest.encode({ userId: userIds[(r * 7919) % userIds.length]! }).finish()),
  ),
};
const runs: LoaderRun[] = [];
// The server thread's GC pauses while it serves: one stops every call in flight, so it sets a tail.
const gc = recordGcPauses();
const serving = performance.now();
let nestAndBare: { nest: number; bare: number };
try {
  for (const loader of loaders)
    runs.push(
      await measureBesideHealth(loader, profile, healthTarget(server.address, H2LOAD_CONNECTIONS), {
        calls: REQUESTS,
        flatOutCalls: REQUESTS / 2,
        warmUpCalls: 5_000,
        rate: RATE,
        callers: CALLERS,
      }),
    );
  nestAndBare = await nestAgainstBare(loaders[0]!, { ...profile, address: bare.address });
} finally {
  gc.stop();
  await node.stop();
  await server.close();
  bare.server.forceShutdown();
}

const ms = (us: number) => (us / 1000).toFixed(3);
const line = (name: string, m: Measured) =>
  `    ${name}: ${m.rps.toFixed(0)} req/s, p50 ${m.p50.toFixed(3)} ms, p99 ${m.p99.toFixed(3)} ms; CPU a call ` +
  `${ms(m.serverCpuPerCall)} server thread / ${ms(m.loaderCpuPerCall)} load generator`;
progress(`profile: ${REQUESTS} calls sent at ${RATE}/s, then ${REQUESTS / 2} from ${CALLERS} callers flat out`);
for (const run of runs) {
  progress(`  from ${run.loader}:`);
  progress(line(`GetUserProfile at ${RATE}/s`, run.atRate));
  progress(line(`health Check at ${RATE}/s`, run.healthAtRate));
  progress(line(`GetUserProfile flat out, ${CALLERS} callers`, run.flatOut));
  progress(line(`health Check flat out, ${CALLERS} callers`, run.healthFlatOut));
}
progress(
  `  server thread CPU a call flat out, Nest and bare grpc-js alternately (${loaders[0]!.name}, medians of ` +
    `${PAIRS}): ${nestAndBare.nest.toFixed(1)} µs Nest, ${nestAndBare.bare.toFixed(1)} µs bare`,
);
const pauses = summarizePauses(gc.take());
progress(
  `  server thread GC pauses over ${((performance.now() - serving) / 1000).toFixed(0)} s of load: ${pauses.byKind}`,
);
progress(`  in-process Map lookup p99 ${(lookupP99 * 1000).toFixed(1)} µs`);

const { atRate, healthAtRate, flatOut, healthFlatOut } = runs[0]!;
// Baseline of the latency: the goal (p99 ≤ 1 ms), so a ratio ≤ 1 meets it; of the rate: 5,000/s.
printBench('profile_read_p50', atRate.p50, 'ms', GOAL_P99_MS);
printBench('profile_read_p99', atRate.p99, 'ms', GOAL_P99_MS);
printBench('profile_read_rps', atRate.rps, 'req/s', GOAL_RATE);
// Against the same server's health check at the same rate from the same loader: the floor of this box.
printBench('profile_read_p99_vs_health_check', atRate.p99, 'ms', healthAtRate.p99);
printBench('profile_read_server_cpu_per_call', flatOut.serverCpuPerCall, 'us', healthFlatOut.serverCpuPerCall);
// Against the same answers from bare grpc-js: what Nest's pipeline (interceptor, filter, RxJS) adds a call.
printBench('profile_read_server_cpu_vs_bare_grpc', nestAndBare.nest, 'us', nestAndBare.bare);
printBench('profile_read_max_rps', flatOut.rps, 'req/s', healthFlatOut.rps);
// What each load generator costs the shared cores a call, beside what the server costs.
for (const run of runs)
  printBench(
    `profile_read_${run.loader}_loader_cpu_per_call`,
    run.flatOut.loaderCpuPerCall,
    'us',
    run.flatOut.serverCpuPerCall,
  );
// The longest GC pause of the server thread under load, beside the goal's p99.
printBench('profile_server_gc_pause_max', pauses.longestMs, 'ms', GOAL_P99_MS);
printBench('profile_lookup_p99', lookupP99 * 1000, 'us', 1);

/** Median server CPU (µs) a call flat out, of the Nest server and of `bareProfile`, measured alternately. */
async function nestAgainstBare(loader: Loader, bareProfile: Target): Promise<{ nest: number; bare: number }> {
  const flatOut = { kind: 'closed', callers: CALLERS } as const;
  await measureLoad(loader, bareProfile, flatOut, 5_000);
  const nest: number[] = [];
  const bare: number[] = [];
  for (let pair = 0; pair < PAIRS; pair++) {
    nest.push((await measureLoad(loader, profile, flatOut, REQUESTS / 5)).serverCpuPerCall);
    bare.push((await measureLoad(loader, bareProfile, flatOut, REQUESTS / 5)).serverCpuPerCall);
  }
  return { nest: median(nest), bare: median(bare) };
}

/**
 * The same cached answers, encoded once, from a bare grpc-js server in this thread: no Nest, no
 * interceptor, no call guard. A baseline of what the Nest transport adds, not a way to serve.
 */
async function startBareServer(): Promise<{ server: Server; address: string }> {
  const bareServer = new Server();
  const definition = acceptEncodedResponses({ 'demand.v1.Features': FeaturesService })['demand.v1.Features']!;
  bareServer.addService(definition, {
    getUserProfile: (call: ServerUnaryCall<GetUserProfileRequest, UserProfile>, done: sendUnaryData<UserProfile>) =>
      done(null, cache.encodedUserProfile(call.request.userId) as unknown as UserProfile),
  });
  const port = await new Promise<number>((resolve, reject) =>
    bareServer.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  return { server: bareServer, address: `127.0.0.1:${port}` };
}

/** p99 (ms) of the same answers read from the cache in this thread: no network, no codec. */
function inMemoryLookupP99(ids: readonly string[]): number {
  for (const id of ids) cache.encodedUserProfile(id); // warm: answers encoded once
  const local: number[] = [];
  for (let r = 0; r < REQUESTS; r++) {
    const begin = performance.now();
    cache.encodedUserProfile(ids[(r * 7919) % ids.length]!);
    local.push(performance.now() - begin);
  }
  return percentile(
    local.sort((a, b) => a - b),
    0.99,
  );
}
