import { cholesky, forwardSubstitute } from '@demand/ml';
import { invalidArgument } from './errors.js';
import { type KMeansResult, kMeans, type Rows } from './kmeans.js';

/**
 * The pooled within-cluster covariance (divided by n) of rows under a labelling, shrunk towards a multiple
 * of the identity: W + shrinkage × trace(W) / d × I, so that directions in which the clusters hardly
 * vary (a feature constant within every cluster) do not get an unbounded weight once whitened.
 */
export function pooledWithinCovariance(rows: Rows, labels: ArrayLike<number>, shrinkage: number): Float64Array[] {
  const width = rows[0]?.length ?? 0;
  if (width === 0 || rows.length !== labels.length) throw invalidArgument('need rows with features, one label each');
  let k = 0;
  for (let i = 0; i < labels.length; i++) k = Math.max(k, labels[i]! + 1);
  const sums = Array.from({ length: k }, () => new Float64Array(width));
  const counts = new Float64Array(k);
  for (let i = 0; i < rows.length; i++) {
    const s = sums[labels[i]!]!;
    for (let j = 0; j < width; j++) s[j]! += rows[i]![j]!;
    counts[labels[i]!]! += 1;
  }
  const means = sums.map((s, c) => s.map((v) => v / Math.max(1, counts[c]!)));
  const w = Array.from({ length: width }, () => new Float64Array(width));
  const d = new Float64Array(width);
  for (let i = 0; i < rows.length; i++) {
    const m = means[labels[i]!]!;
    for (let j = 0; j < width; j++) d[j] = rows[i]![j]! - m[j]!;
    for (let a = 0; a < width; a++) for (let b = 0; b <= a; b++) w[a]![b]! += d[a]! * d[b]!;
  }
  let trace = 0;
  for (let a = 0; a < width; a++) {
    for (let b = 0; b <= a; b++) w[b]![a] = w[a]![b] = w[a]![b]! / rows.length;
    trace += w[a]![a]!;
  }
  const ridge = (shrinkage * trace) / width || Number.EPSILON;
  for (let a = 0; a < width; a++) w[a]![a]! += ridge;
  return w;
}

export interface AdaptiveMetricOptions {
  k: number;
  /** Times the metric is re-estimated from the last partition. Default 4. */
  rounds?: number;
  /**
   * Clusters in the partitions the metric is learnt from (default k). Fewer than k: the metric follows
   * the coarse structure, and a group the k clusters would split (a wide persona) is not made to look tight.
   */
  metricK?: number;
  /** Pull of the within-cluster covariance towards the identity (share of its mean variance). Default 0.2. */
  shrinkage?: number;
  /** k-means++ restarts of the final fit. Default 8. */
  restarts?: number;
  /** k-means++ restarts of the fits before the last, which only estimate the metric. Default: `restarts`. */
  metricRestarts?: number;
  seed?: number;
}

export interface AdaptiveMetricResult extends KMeansResult {
  /**
   * Cholesky factor of the (shrunk) within-cluster covariance the final clusters were found under;
   * absent with rounds 0 (plain k-means under Euclidean distance).
   */
  factor?: Float64Array[];
  /** The rows the final clusters were found in: whitened by `factor`, or the rows given when it is absent. */
  clustered: Rows;
  /** Rounds run: fewer than asked when a round found the partition it learnt the metric from (a fixed point). */
  roundsRun: number;
}

/**
 * k-means under a Mahalanobis metric learnt from its own clusters: k-means on the rows, then, `rounds`
 * times, the pooled within-cluster covariance W of the last partition, the rows whitened by W and
 * k-means again (fresh k-means++ restarts). This is the hard (classification) EM of a Gaussian mixture
 * with one full covariance shared by equal-sized components, shrunk towards the identity: directions in
 * which clusters differ a lot relative to their own spread count more, correlated features count once.
 * Centroids are returned in the whitened space. With rounds 0 it is plain k-means.
 */
export function adaptiveMetricKMeans(rows: Rows, options: AdaptiveMetricOptions): AdaptiveMetricResult {
  const { k } = options;
  const seed = options.seed ?? 1;
  const shrinkage = options.shrinkage ?? 0.2;
  if (!(shrinkage > 0)) throw invalidArgument(`shrinkage must be positive (got ${shrinkage})`);
  const rounds = options.rounds ?? 4;
  if (!(Number.isInteger(rounds) && rounds >= 0))
    throw invalidArgument(`rounds must be an integer ≥ 0 (got ${rounds})`);
  const metricK = options.metricK ?? k;
  if (!(Number.isInteger(metricK) && metricK >= 1 && metricK <= k))
    throw invalidArgument(`metricK must be an integer in 1..k=${k} (got ${metricK})`);
  const restarts = options.restarts ?? 8;
  const metricRestarts = options.metricRestarts ?? restarts;
  const fit = (r: Rows, clusters: number, starts: number) => kMeans(r, { k: clusters, restarts: starts, seed });
  if (rounds === 0) return { ...fit(rows, k, restarts), clustered: rows, roundsRun: 0 };
  let result = fit(rows, metricK, metricRestarts);
  let factor: Float64Array[] | undefined;
  let clustered = rows;
  let round = 0;
  while (round < rounds) {
    const learnt = cholesky(pooledWithinCovariance(rows, result.labels, shrinkage));
    const before = result.labels;
    const final = ++round === rounds;
    factor = learnt;
    clustered = rows.map((x) => forwardSubstitute(learnt, x));
    result = final ? fit(clustered, k, restarts) : fit(clustered, metricK, metricRestarts);
    // The same partition gives the same metric, the same whitened rows and (same seed) the same fit:
    // every later round would repeat this one, so only the final fit is left to do.
    if (!final && samePartition(result.labels, before)) {
      if (metricK !== k || metricRestarts !== restarts) result = fit(clustered, k, restarts);
      break;
    }
  }
  return { ...result, factor, clustered, roundsRun: round };
}

/** Whether two labellings group the rows alike (the same clusters, perhaps numbered otherwise). */
function samePartition(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  const aToB = new Map<number, number>();
  const bToA = new Map<number, number>();
  for (let i = 0; i < a.length; i++) {
    const [x, y] = [a[i]!, b[i]!];
    if ((aToB.get(x) ?? y) !== y || (bToA.get(y) ?? x) !== x) return false;
    aToB.set(x, y);
    bToA.set(y, x);
  }
  return true;
}
