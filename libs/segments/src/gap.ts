import { SeededRandom } from '@demand/ml';
import { invalidArgument } from './errors.js';
import { kMeans, type Rows } from './kmeans.js';
import { Pca, type PcaJSON } from './pca.js';

export interface GapScore {
  k: number;
  /** Mean log within-cluster sum of squares of the reference sets minus that of the rows. */
  gap: number;
  /** Standard error of the references' log within-cluster sum of squares, × √(1 + 1/B). */
  standardError: number;
}

export interface GapOptions {
  /** Reference sets drawn per k (B). Default 5. */
  references?: number;
  /** k-means++ restarts per fit. Default 3. */
  restarts?: number;
  seed?: number;
}

/**
 * The gap statistic (Tibshirani, Walther & Hastie 2001) for each k: how much tighter k-means packs the rows
 * than it packs structureless data of the same extent, uniform in the box the rows span along their
 * principal axes (the paper's reference "b"). log W_k of the rows falls with k either way; the gap only
 * grows while the extra cluster finds structure the reference does not have.
 */
export function gapStatistic(rows: Rows, ks: readonly number[], options: GapOptions = {}): GapScore[] {
  const width = rows[0]?.length ?? 0;
  if (width === 0) throw invalidArgument('the gap statistic needs rows with at least one feature');
  const references = options.references ?? 5;
  if (!(Number.isInteger(references) && references >= 2)) throw invalidArgument('need at least 2 reference sets');
  const seed = options.seed ?? 1;
  const restarts = options.restarts ?? 3;
  const pca = informativeAxes(rows);
  const dims = pca.dims;
  const low = new Float64Array(dims).fill(Number.POSITIVE_INFINITY);
  const high = new Float64Array(dims).fill(Number.NEGATIVE_INFINITY);
  const projected = rows.map((x) => pca.transform(x));
  for (const z of projected) {
    for (let j = 0; j < dims; j++) (low[j] = Math.min(low[j]!, z[j]!)), (high[j] = Math.max(high[j]!, z[j]!));
  }
  const random = new SeededRandom(seed);
  const draws = Array.from({ length: references }, () =>
    rows.map(() => Float64Array.from(low, (lo, j) => lo + (high[j]! - lo) * random.next())),
  );
  // Floored so that rows without any spread give a gap of 0 (and k = the smallest) rather than NaN.
  const logInertia = (fit: { inertia: number }) => Math.log(Math.max(fit.inertia, Number.MIN_VALUE));
  return ks.map((k) => {
    const own = logInertia(kMeans(projected, { k, restarts, seed }));
    const logs = draws.map((draw, b) => logInertia(kMeans(draw, { k, restarts, seed: seed + 1 + b })));
    const mean = logs.reduce((a, v) => a + v, 0) / references;
    const sd = Math.sqrt(logs.reduce((a, v) => a + (v - mean) ** 2, 0) / references);
    return { k, gap: mean - own, standardError: sd * Math.sqrt(1 + 1 / references) };
  });
}

/**
 * The principal axes with more than 0.7 × the mean variance (Kaiser's rule as Jolliffe relaxed it, so that
 * axes of about equal spread are all kept). Axes of noise alone would let every extra cluster fit noise in
 * the rows and in the references alike, which blurs the gap towards large k.
 */
function informativeAxes(rows: Rows): Pca {
  return Pca.fromJSON(axesAboveMeanVariance(Pca.fit(rows, rows[0]!.length).toJSON(), 0.7));
}

/**
 * The axes whose own variance is above `share` × the mean variance, in their order; the axis of largest
 * variance when none is. Each axis is judged by itself, so it does not rely on the axes being in order.
 */
export function axesAboveMeanVariance(pca: PcaJSON, share: number): PcaJSON {
  const { components, variances } = pca;
  if (variances.length === 0) throw invalidArgument('no principal axes to choose from');
  const cut = (share * variances.reduce((a, v) => a + v, 0)) / variances.length;
  let keep = variances.flatMap((v, c) => (v > cut ? [c] : []));
  if (keep.length === 0) keep = [variances.reduce((best, v, c) => (v > variances[best]! ? c : best), 0)];
  return { ...pca, components: keep.map((c) => components[c]!), variances: keep.map((c) => variances[c]!) };
}

/**
 * The paper's rule: the smallest k whose gap is within one standard error of the next k's,
 * i.e. gap(k) ≥ gap(k+1) − se(k+1); the largest gap when no k qualifies. The rule compares k with k + 1,
 * so the scores must be for consecutive ks in ascending order (as `gapStatistic` returns them for such ks);
 * anything else is an error rather than a comparison of k with some later k.
 */
export function chooseKByGap(scores: readonly GapScore[]): number {
  if (scores.length === 0) throw invalidArgument('no gap scores to choose from');
  for (let i = 0; i + 1 < scores.length; i++) {
    const [k, next] = [scores[i]!.k, scores[i + 1]!.k];
    if (next !== k + 1)
      throw invalidArgument(`gap scores must be for consecutive ks in ascending order (${k}, ${next})`);
  }
  for (let i = 0; i + 1 < scores.length; i++) {
    const next = scores[i + 1]!;
    if (scores[i]!.gap >= next.gap - next.standardError) return scores[i]!.k;
  }
  return scores.reduce((best, s) => (s.gap > best.gap ? s : best)).k;
}
