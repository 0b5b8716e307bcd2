import { SeededRandom } from '@demand/ml';
import { invalidArgument } from './errors.js';

export type Rows = readonly ArrayLike<number>[];

export interface KMeansOptions {
  k: number;
  /** Independent k-means++ starts; the one with the lowest inertia is kept. Default 8. */
  restarts?: number;
  maxIterations?: number;
  seed?: number;
}

export interface KMeansResult {
  centroids: Float64Array[];
  /** Cluster index of each row. */
  labels: Int32Array;
  /** Sum of squared distances of rows to their centroid. */
  inertia: number;
  iterations: number;
}

export function squaredDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let j = 0; j < a.length; j++) {
    const d = a[j]! - b[j]!;
    sum += d * d;
  }
  return sum;
}

/** Index of the nearest centroid. */
export function nearest(x: ArrayLike<number>, centroids: readonly ArrayLike<number>[]): number {
  let best = 0;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (let i = 0; i < centroids.length; i++) {
    const d = squaredDistance(x, centroids[i]!);
    if (d < bestDistance) (bestDistance = d), (best = i);
  }
  return best;
}

/** k-means++ seeding: each next centre drawn with probability ∝ squared distance to the nearest chosen one. */
function seedCentroids(rows: Rows, k: number, random: SeededRandom): Float64Array[] {
  const centroids = [Float64Array.from(rows[random.int(rows.length)]!)];
  const distance = Float64Array.from(rows, (x) => squaredDistance(x, centroids[0]!));
  while (centroids.length < k) {
    let total = 0;
    for (const d of distance) total += d;
    let pick = 0;
    if (total > 0) {
      let target = random.next() * total;
      for (; pick < rows.length - 1 && target >= distance[pick]!; pick++) target -= distance[pick]!;
    } else pick = random.int(rows.length);
    const centre = Float64Array.from(rows[pick]!);
    centroids.push(centre);
    for (let i = 0; i < rows.length; i++) distance[i] = Math.min(distance[i]!, squaredDistance(rows[i]!, centre));
  }
  return centroids;
}

function lloyd(rows: Rows, start: Float64Array[], maxIterations: number): KMeansResult {
  const k = start.length;
  const width = rows[0]!.length;
  let centroids = start;
  const labels = new Int32Array(rows.length).fill(-1);
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    let changed = 0;
    for (let i = 0; i < rows.length; i++) {
      const c = nearest(rows[i]!, centroids);
      if (c !== labels[i]) (labels[i] = c), changed++;
    }
    if (changed === 0 && iterations > 0) break;
    const sums = Array.from({ length: k }, () => new Float64Array(width));
    const counts = new Int32Array(k);
    rows.forEach((x, i) => {
      const s = sums[labels[i]!]!;
      for (let j = 0; j < width; j++) s[j] = s[j]! + x[j]!;
      counts[labels[i]!]!++;
    });
    centroids = sums.map((s, c) => {
      if (counts[c] === 0) return farthestRow(rows, centroids, labels);
      return s.map((v) => v / counts[c]!);
    });
  }
  let inertia = 0;
  rows.forEach((x, i) => {
    inertia += squaredDistance(x, centroids[labels[i]!]!);
  });
  return { centroids, labels, inertia, iterations };
}

/** The row farthest from its centroid: a new home for an emptied cluster. */
function farthestRow(rows: Rows, centroids: readonly Float64Array[], labels: Int32Array): Float64Array {
  let best = 0;
  let bestDistance = -1;
  rows.forEach((x, i) => {
    const d = squaredDistance(x, centroids[labels[i]!]!);
    if (d > bestDistance) (bestDistance = d), (best = i);
  });
  return Float64Array.from(rows[best]!);
}

/** k-means (Lloyd) from k-means++ seeds, several restarts, the lowest inertia kept. Deterministic given a seed. */
export function kMeans(rows: Rows, options: KMeansOptions): KMeansResult {
  const { k } = options;
  if (!Number.isInteger(k) || k < 1) throw invalidArgument(`k must be a positive integer (got ${k})`);
  if (rows.length < k) throw invalidArgument(`k-means needs at least k=${k} rows (got ${rows.length})`);
  const width = rows[0]!.length;
  if (rows.some((r) => r.length !== width)) throw invalidArgument('k-means rows differ in width');
  const random = new SeededRandom(options.seed ?? 1);
  let best: KMeansResult | undefined;
  for (let r = 0; r < Math.max(1, options.restarts ?? 8); r++) {
    const result = lloyd(rows, seedCentroids(rows, k, random), options.maxIterations ?? 100);
    if (!best || result.inertia < best.inertia) best = result;
  }
  return best!;
}
