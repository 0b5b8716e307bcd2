// bench/recommend: implicit-ALS training time on a shop-sized matrix (100k users × 20k items ×
// 5M interactions) beside a plain item co-occurrence count over the same matrix, and the
// in-memory recommend path (all sources → learnt ranker → filters, diversity, reasons) on a
// 20k-item catalog: p50/p99 latency and single-thread throughput for top-10 (the per-user ALS,
// taste and new-arrival lists are computed while the model is built, as in training).
import { type Csr, type Filters, trainAlsParallel, trainHybrid, transpose } from '@demand/recommend';
import { shopData } from './recommend-shop.js';
import { printBench, progress } from './report.js';

const USERS = 100_000;
const ITEMS = 20_000;
const PER_USER = 50;
const CLUSTERS = 64;
const REQUESTS = 3000;

/** A user × item strength matrix with taste clusters: each user draws PER_USER distinct items, mostly from their cluster. */
function syntheticMatrix(): Csr {
  let s = 12345;
  const rand = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
  const offsets = new Int32Array(USERS + 1);
  const indices = new Int32Array(USERS * PER_USER);
  const values = new Float32Array(USERS * PER_USER);
  const perCluster = ITEMS / CLUSTERS;
  const row = new Set<number>();
  for (let u = 0; u < USERS; u++) {
    const cluster = Math.floor(rand() * CLUSTERS);
    row.clear();
    while (row.size < PER_USER) {
      const own = rand() < 0.8;
      const zipf = Math.floor(perCluster * rand() ** 2.5);
      row.add(own ? cluster * perCluster + zipf : Math.floor(ITEMS * rand() ** 2));
    }
    const sorted = [...row].sort((a, b) => a - b);
    sorted.forEach((i, k) => {
      indices[u * PER_USER + k] = i;
      values[u * PER_USER + k] = rand() < 0.05 ? 8 : rand() < 0.1 ? 4 : 1;
    });
    offsets[u + 1] = (u + 1) * PER_USER;
  }
  return { rows: USERS, cols: ITEMS, offsets, indices, values };
}

/** The plain baseline: item × item co-occurrence counts (top-50 kept per item), one dense row at a time. */
function cooccurrenceCount(userItem: Csr, itemUser: Csr): number {
  const acc = new Float32Array(ITEMS);
  let kept = 0;
  for (let a = 0; a < ITEMS; a++) {
    for (let k = itemUser.offsets[a]!; k < itemUser.offsets[a + 1]!; k++) {
      const u = itemUser.indices[k]!;
      for (let j = userItem.offsets[u]!; j < userItem.offsets[u + 1]!; j++) acc[userItem.indices[j]!]!++;
    }
    acc[a] = 0;
    let nonzero = 0;
    for (let j = 0; j < ITEMS; j++) if (acc[j]! > 0) nonzero++;
    kept += Math.min(50, nonzero);
    acc.fill(0);
  }
  return kept;
}

const t0 = performance.now();
const userItem = syntheticMatrix();
const itemUser = transpose(userItem);
progress(
  `recommend: synthetic ${USERS} users × ${ITEMS} items, ${userItem.indices.length} interactions in ${Math.round(performance.now() - t0)} ms`,
);

/** CPU seconds of this process (all threads) since `from`: the machine is shared, so wall time alone misleads. */
const cpuSince = (from: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(from);
  return (used.user + used.system) / 1e6;
};
let t = performance.now();
let cpu = process.cpuUsage();
const kept = cooccurrenceCount(userItem, itemUser);
const cooc = (performance.now() - t) / 1000;
progress(
  `recommend: co-occurrence count ${cooc.toFixed(1)} s wall, ${cpuSince(cpu).toFixed(1)} s CPU (${kept} neighbours kept)`,
);

const options = { factors: 32, iterations: 8, cgSteps: 3, threads: 2 };
t = performance.now();
cpu = process.cpuUsage();
const als = await trainAlsParallel(userItem, itemUser, options);
const alsSeconds = (performance.now() - t) / 1000;
progress(
  `recommend: ALS k=${options.factors}, ${options.iterations} iterations, CG ${options.cgSteps} steps, ${options.threads} threads: ${alsSeconds.toFixed(1)} s wall, ${cpuSince(cpu).toFixed(1)} s CPU (${(alsSeconds / options.iterations).toFixed(2)} s/iteration, ${als.users} users)`,
);
printBench('als_train', alsSeconds, 's', cooc);

// Serving: a 20k-item catalog from the test kit, all sources and the learnt ranker in memory.
t = performance.now();
const { items, interactions, startMs } = shopData({ seed: 5, users: 4000, items: ITEMS, days: 28 });
const now = startMs + 28 * 86_400_000;
const { recommender, report } = trainHybrid(items, interactions, now, { rankerUsers: 400 });
progress(
  `recommend: serving model on ${items.length} items, ${interactions.length} interactions, ranker ${report.ranker.chosen.name}, built in ${Math.round(performance.now() - t)} ms`,
);

const data = recommender.data;
const filters: Filters[] = [
  {},
  { maxPrice: 300 },
  { categories: [data.items[0]!.category[0]!] },
  { excludeBrands: [data.items[1]!.brand] },
];
const latencies = new Float64Array(REQUESTS);
let served = 0;
const started = performance.now();
cpu = process.cpuUsage();
for (let r = 0; r < REQUESTS; r++) {
  const user = r % 10 === 9 ? -1 : (r * 7919) % data.userCount;
  const currentItem = r % 3 === 0 ? (r * 104729) % data.itemCount : -1;
  const begin = performance.now();
  const result = recommender.recommend({
    context: { user, now, currentItem },
    count: 10,
    filters: filters[r % filters.length]!,
  });
  latencies[r] = performance.now() - begin;
  served += result.items.length;
}
const elapsed = (performance.now() - started) / 1000;
const cpuPerRequest = (cpuSince(cpu) / REQUESTS) * 1000;
latencies.sort();
const p50 = latencies[Math.floor(REQUESTS * 0.5)]!;
const p99 = latencies[Math.floor(REQUESTS * 0.99)]!;
progress(
  `recommend: ${REQUESTS} requests, ${served} items served, p50 ${p50.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms, ${(REQUESTS / elapsed).toFixed(0)} req/s on one thread; ${cpuPerRequest.toFixed(2)} ms CPU a request`,
);
printBench('recommend_top10_p99', p99, 'ms', 10);
printBench('recommend_top10_p50', p50, 'ms', 10);
printBench('recommend_top10_rps', REQUESTS / elapsed, 'req/s', 1000);
// CPU is the figure that holds on a shared machine; 1 ms a request is one core's budget at 1,000 req/s.
printBench('recommend_top10_cpu_per_request', cpuPerRequest, 'ms', 1);
// The same path over gRPC: bench/src/recommend-grpc.bench.ts.
