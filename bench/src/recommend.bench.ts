// bench/recommend: implicit-ALS training time on a shop-sized matrix (100k users × 20k items ×
// 5M interactions) beside a plain item co-occurrence count over the same matrix.
import { type Csr, trainAlsParallel, transpose } from '@demand/recommend';
import { cpuMicros, printBench, progress } from './report.js';

const USERS = 100_000;
const ITEMS = 20_000;
const PER_USER = 50;
const CLUSTERS = 64;

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

/** CPU seconds of this process (all threads) on the clock `used`: the machine is shared, so wall time alone misleads. */
const cpuSince = (used: () => number) => used() / 1e6;
let t = performance.now();
let cpu = cpuMicros();
const kept = cooccurrenceCount(userItem, itemUser);
const cooc = (performance.now() - t) / 1000;
progress(
  `recommend: co-occurrence count ${cooc.toFixed(1)} s wall, ${cpuSince(cpu).toFixed(1)} s CPU (${kept} neighbours kept)`,
);

const options = { factors: 32, iterations: 8, cgSteps: 3, threads: 2 };
t = performance.now();
cpu = cpuMicros();
const als = await trainAlsParallel(userItem, itemUser, options);
const alsSeconds = (performance.now() - t) / 1000;
progress(
  `recommend: ALS k=${options.factors}, ${options.iterations} iterations, CG ${options.cgSteps} steps, ${options.threads} threads: ${alsSeconds.toFixed(1)} s wall, ${cpuSince(cpu).toFixed(1)} s CPU (${(alsSeconds / options.iterations).toFixed(2)} s/iteration, ${als.users} users)`,
);
printBench('als_train', alsSeconds, 's', cooc);

// Serving (the in-memory recommend path): bench/src/recommend-serving.bench.ts; over gRPC: recommend-grpc.bench.ts.
