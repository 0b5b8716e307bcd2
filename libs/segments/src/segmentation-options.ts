import type { FeatureGroup } from './features.js';
import type { SegmentModelJSON } from './segment-model.js';

export interface SegmentationOptions {
  /** A fixed number of segments; otherwise chosen within kMin..kMax by `kChoice`. */
  k?: number;
  kMin?: number;
  kMax?: number;
  /**
   * How k is chosen: the gap statistic's one-standard-error rule (default) or the best silhouette
   * (which settles on a few coarse segments when some of them stand out far more than the rest). Either
   * is measured under Euclidean distance on the weighted rows: k is chosen before any metric is learnt.
   */
  kChoice?: 'gap' | 'silhouette';
  /** k-means++ restarts of the final fit (the k search uses fewer). Default 8. */
  restarts?: number;
  seed?: number;
  /**
   * Per-feature transform before standardising: a Yeo–Johnson power transform with λ fitted per feature by
   * maximum likelihood (default; pulls in long tails such as brand concentration or English share, so that a
   * few extreme users do not set a feature's scale), or none. Taste components are never transformed.
   */
  featureTransform?: 'yeo-johnson' | 'none';
  /** Principal components of the taste vector kept as features. Default 4. */
  tasteDims?: number;
  /** Rows the k search and the silhouette look at. Default 1000. */
  sampleSize?: number;
  /**
   * How the final k clusters are found: k-means under a metric learnt from its own clusters (default,
   * `adaptiveMetricKMeans`) or plain k-means on the weighted standardised rows.
   */
  clustering?: 'adaptive-metric' | 'kmeans';
  /**
   * k-means++ restarts of the rounds that only estimate the metric (clustering 'adaptive-metric').
   * Default: restarts.
   */
  metricRestarts?: number;
  /** Rounds of re-learning the metric (clustering 'adaptive-metric'; 0: plain k-means). Default 4. */
  metricRounds?: number;
  /**
   * Clusters of the partitions the metric is learnt from (at most k; default k). Fewer: the metric follows
   * the coarse structure (on the tuning shops at k = 7, 4 gained, but at the gap's k = 9 on one it lost).
   */
  metricK?: number;
  /**
   * Weight of each feature group after standardisation. Under the learnt metric they act mainly through
   * the shrinkage ridge (whitening undoes a group's scale otherwise) and the first, Euclidean partition.
   */
  groupWeights?: Partial<Record<FeatureGroup, number>>;
  /** Categories to keep as features; default the population's most common. */
  categories?: readonly string[];
  /** The last model: segments that keep most of its members keep its ids. */
  previous?: SegmentModelJSON;
}

/**
 * What a segment is mostly about: what and at what price people buy and how they shop; recency, spend and
 * time of day colour the descriptions but weigh little (tuned on a test-kit shop other than the eval's).
 */
export const DEFAULT_GROUP_WEIGHTS: Readonly<Record<FeatureGroup, number>> = {
  categories: 1,
  price: 1,
  behaviour: 1,
  voice: 1,
  taste: 0.5,
  rfm: 0.25,
  activity: 0.1,
};
