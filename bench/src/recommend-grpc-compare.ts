// Recommend over gRPC with the service's node flags or settings compared, old and new alternated: each
// argument is one variant's flags and NAME=value settings (space-separated; '' for none), and each round starts a fresh
// service process per variant in turn (the order reversed every other round) on the same shop, store and broker, so
// the machine's quiet and busy moments fall on all of them. Prints each load's figures per round, and per variant the
// min and median of the p99 at 1,000/s and of the service's CPU a call.
//   node bench/dist/src/recommend-grpc-compare.js '' '--max-semi-space-size=64'
// RECOMMEND_GRPC_ROUNDS (2), RECOMMEND_GRPC_ITEMS (20,000), RECOMMEND_GRPC_LOADER (node or h2load; node).
import { h2loadLoader, nodeLoader } from './grpc-loaders.js';
import { type GrpcRun, recommendOverGrpc, type ServiceRun } from './recommend-grpc.js';
import { shopData } from './recommend-shop.js';
import { alternateOrder, median, progress } from './report.js';

const variants = process.argv.slice(2).map((flags) => flags.split(' ').filter(Boolean));
/** A variant's words: node flags, and `NAME=value` settings of the service's environment. */
const isSetting = (word: string) => /^[A-Z][A-Z0-9_]*=/.test(word);
const serviceRun = (words: readonly string[]): ServiceRun => ({
  servingWorkers: 0,
  nodeArgs: words.filter((w) => !isSetting(w)),
  env: Object.fromEntries(
    words.filter(isSetting).map((w) => [w.slice(0, w.indexOf('=')), w.slice(w.indexOf('=') + 1)]),
  ),
});
if (variants.length < 2) throw new Error("give two or more variants of node flags ('' for none)");
const rounds = Number(process.env.RECOMMEND_GRPC_ROUNDS ?? 2);
const items = Number(process.env.RECOMMEND_GRPC_ITEMS ?? 20_000);
const shop = shopData({ seed: 5, users: 4000, items, days: 28 });
const node = nodeLoader();
const loader = process.env.RECOMMEND_GRPC_LOADER === 'h2load' ? (h2loadLoader(8) ?? node) : node;
const name = (flags: readonly string[]) => flags.join(' ') || '(no flags)';
const seen = variants.map(() => ({ p99: [] as number[], cpu: [] as number[] }));
const order = alternateOrder(rounds, variants.length);
const services: ServiceRun[] = order.map(([, v]) => serviceRun(variants[v]!));
let runs: GrpcRun[];
try {
  runs = await recommendOverGrpc({ requests: 5000, rate: 1000, callers: 8, services }, shop, [loader]);
} finally {
  await node.stop();
}
for (const [n, run] of runs.entries()) {
  const [round, v] = order[n]!;
  const { atRate, healthAtRate, flatOut } = run.loads[0]!;
  seen[v]!.p99.push(atRate.p99);
  seen[v]!.cpu.push(atRate.serviceCpuPerCall);
  progress(
    `round ${round + 1}, ${name(variants[v]!)} (load average ${run.loadAverage.toFixed(2)}): ` +
      `at 1,000/s p50 ${atRate.p50.toFixed(2)} ms, p99 ${atRate.p99.toFixed(2)} ms, ${atRate.rps.toFixed(0)} req/s, ` +
      `${(atRate.serviceCpuPerCall / 1000).toFixed(3)} ms service CPU a call; health p99 ` +
      `${healthAtRate.p99.toFixed(2)} ms; flat out ${flatOut.rps.toFixed(0)} req/s p99 ${flatOut.p99.toFixed(2)} ms\n` +
      `  at 1,000/s in the service: ${atRate.probe}`,
  );
}
for (const [v, flags] of variants.entries()) {
  const { p99, cpu } = seen[v]!;
  progress(
    `${name(flags)}: p99 at 1,000/s min ${Math.min(...p99).toFixed(2)} median ${median(p99).toFixed(2)} ms; ` +
      `service CPU a call min ${(Math.min(...cpu) / 1000).toFixed(3)} median ${(median(cpu) / 1000).toFixed(3)} ms`,
  );
}
