// bench/recommend-grpc: Recommend over gRPC, top 10 with the learnt ranker and filters, on the
// 20k-item shop of recommend.bench.ts: the service as deployed, trained (in its worker thread) on
// that shop read back from its ClickHouse, served lists batched to Kafka and its own table; called
// at the goal's rate (1,000/s sent), then flat out from 8 callers, the same server's health check
// beside it; once with lists computed on the gRPC thread, once on two serving threads beside it.
// The load comes from h2load when it is installed (a C load generator, a process a request of the
// mix), else from the Node caller; both run when h2load is there, so what each costs the shared
// cores a call is printed beside the server's CPU a call.
import { h2loadLoader, type Loader, nodeLoader } from './grpc-loaders.js';
import type { Measured } from './grpc-load-measure.js';
import { type GrpcRun, recommendOverGrpc } from './recommend-grpc.js';
import { shopData } from './recommend-shop.js';
import { printBench, progress } from './report.js';

const ITEMS = Number(process.env.RECOMMEND_GRPC_ITEMS ?? 20_000);
/** Distinct requests h2load sends (one process each); the Node caller cycles through 2,000. */
const H2LOAD_REQUESTS = 8;

const t = performance.now();
const { items, interactions } = shopData({ seed: 5, users: 4000, items: ITEMS, days: 28 });
progress(`recommend-grpc: shop of ${items.length} items, ${interactions.length} interactions`);

const h2load = h2loadLoader(H2LOAD_REQUESTS);
const node = nodeLoader();
const loaders: Loader[] = h2load ? [h2load, node] : [node];
progress(
  h2load
    ? `recommend-grpc: load from h2load (${H2LOAD_REQUESTS} requests of the mix), the Node caller beside it`
    : 'recommend-grpc: h2load not installed (Debian nghttp2-client): load from the Node caller',
);
let runs: GrpcRun[];
try {
  runs = await recommendOverGrpc(
    { requests: 5000, rate: 1000, callers: 8, services: [{ servingWorkers: 0 }, { servingWorkers: 2 }] },
    { items, interactions },
    loaders,
  );
} finally {
  await node.stop();
}
progress(`recommend-grpc: ${Math.round((performance.now() - t) / 1000)} s in all, figures from ${loaders[0]!.name}`);

const ms = (us: number) => (us / 1000).toFixed(3);
const line = (name: string, m: Measured) =>
  `    ${name}: ${m.rps.toFixed(0)} req/s, p50 ${m.p50.toFixed(2)} ms, p99 ${m.p99.toFixed(2)} ms; CPU a call ` +
  `${ms(m.serverCpuPerCall)} gRPC thread / ${ms(m.serviceCpuPerCall)} service / ${ms(m.loaderCpuPerCall)} load generator` +
  `\n      in the service: ${m.probe}`;
for (const grpc of runs) {
  progress(
    `recommend over gRPC (${grpc.catalog} items, served lists to Kafka and recommender_served_lists; the service ` +
      `its own process, NODE_OPTIONS ${process.env.RECOMMENDER_NODE_OPTIONS || 'none'}), ` +
      `RECOMMENDER_SERVING_WORKERS=${grpc.servingWorkers}:`,
  );
  for (const load of grpc.loads) {
    progress(`  from ${load.loader}:`);
    progress(line('Recommend at 1,000/s', load.atRate));
    progress(line('health Check at 1,000/s', load.healthAtRate));
    progress(line('Recommend flat out, 8 callers', load.flatOut));
    progress(line('health Check flat out, 8 callers', load.healthFlatOut));
  }
}

const [inline, threaded] = runs as [GrpcRun, GrpcRun];
const main = (run: GrpcRun) => run.loads[0]!;
for (const [prefix, run] of [
  ['recommend_grpc', inline],
  ['recommend_grpc_threads', threaded],
] as const) {
  const { atRate, flatOut } = main(run);
  printBench(`${prefix}_top10_p99`, atRate.p99, 'ms', 10);
  printBench(`${prefix}_top10_p50`, atRate.p50, 'ms', 10);
  printBench(`${prefix}_top10_rps_at_1000`, atRate.rps, 'req/s', 1000);
  printBench(`${prefix}_top10_rps`, flatOut.rps, 'req/s', 1000);
  printBench(`${prefix}_top10_flat_out_p99`, flatOut.p99, 'ms', 10);
  printBench(`${prefix}_top10_flat_out_p50`, flatOut.p50, 'ms', 10);
  // The gRPC thread's CPU a call (what bounds one thread's rate) beside the health check's on the same server.
  printBench(`${prefix}_server_cpu_per_call`, flatOut.serverCpuPerCall, 'us', main(run).healthFlatOut.serverCpuPerCall);
  // The whole service's CPU a call (what bounds the machine's rate) beside its health check's.
  printBench(
    `${prefix}_service_cpu_per_call`,
    flatOut.serviceCpuPerCall,
    'us',
    main(run).healthFlatOut.serviceCpuPerCall,
  );
  // What each load generator costs the shared cores a call, beside what the service costs.
  for (const load of run.loads)
    printBench(
      `${prefix}_${load.loader}_loader_cpu_per_call`,
      load.flatOut.loaderCpuPerCall,
      'us',
      load.flatOut.serviceCpuPerCall,
    );
}
