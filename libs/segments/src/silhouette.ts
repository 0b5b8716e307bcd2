import { SeededRandom } from '@demand/ml';
import { invalidArgument } from './errors.js';
import { type Rows, squaredDistance } from './kmeans.js';

/**
 * Mean silhouette of a labelling: per row (b − a) / max(a, b), a = mean distance to its own cluster,
 * b = the smallest mean distance to another cluster; rows alone in their cluster score 0.
 * Computed on at most `sampleSize` rows drawn with the seed (O(n²) on the sample).
 */
export function silhouette(rows: Rows, labels: ArrayLike<number>, sampleSize = 1000, seed = 1): number {
  let indices = Array.from({ length: rows.length }, (_, i) => i);
  if (indices.length > sampleSize) indices = new SeededRandom(seed).shuffle(indices).slice(0, sampleSize);
  let k = 0;
  for (const i of indices) k = Math.max(k, labels[i]! + 1);
  if (k < 2) return 0;
  const sizes = new Int32Array(k);
  for (const i of indices) sizes[labels[i]!]!++;
  const sums = new Float64Array(k);
  let total = 0;
  for (const i of indices) {
    sums.fill(0);
    for (const j of indices) if (j !== i) sums[labels[j]!]! += Math.sqrt(squaredDistance(rows[i]!, rows[j]!));
    const own = labels[i]!;
    if (sizes[own]! <= 1) continue;
    const a = sums[own]! / (sizes[own]! - 1);
    let b = Number.POSITIVE_INFINITY;
    for (let c = 0; c < k; c++) if (c !== own && sizes[c]! > 0) b = Math.min(b, sums[c]! / sizes[c]!);
    if (Number.isFinite(b) && Math.max(a, b) > 0) total += (b - a) / Math.max(a, b);
  }
  return total / indices.length;
}

/** The k with the best mean silhouette; the first of equals in the order given. */
export function chooseKBySilhouette(scores: readonly { k: number; silhouette: number }[]): number {
  if (scores.length === 0) throw invalidArgument('no silhouettes to choose from');
  return scores.reduce((best, s) => (s.silhouette > best.silhouette ? s : best)).k;
}
