import { SeededRandom } from '@demand/ml';
import { chooseKByGap, gapStatistic } from './gap.js';
import { kMeans, type Rows } from './kmeans.js';
import { chooseKBySilhouette, silhouette } from './silhouette.js';

/** k within kMin..kMax on the sample, chosen by `choice` from the scores it works out per k (kept as kScores). */
export function searchK(sample: Rows, kMin: number, kMax: number, choice: 'gap' | 'silhouette', seed: number) {
  const ks = Array.from({ length: kMax - kMin + 1 }, (_, i) => kMin + i);
  if (choice === 'silhouette') {
    const silhouettes = ks.map((k) => {
      const { labels } = kMeans(sample, { k, restarts: 3, seed });
      return { k, silhouette: silhouette(sample, labels, sample.length, seed) };
    });
    return { k: chooseKBySilhouette(silhouettes), kScores: silhouettes };
  }
  // No silhouettes here: each would cost another k-means and an O(n²) pass over the sample per k.
  const gaps = gapStatistic(sample, ks, { seed });
  return {
    k: chooseKByGap(gaps),
    kScores: gaps.map(({ k, gap, standardError }) => ({ k, gap, gapStandardError: standardError })),
  };
}

export function sampleRows(rows: Rows, size: number, seed: number): Rows {
  if (rows.length <= size) return rows;
  const order = new SeededRandom(seed).shuffle(rows.map((_, i) => i));
  return order.slice(0, size).map((i) => rows[i]!);
}
