import { forwardSubstitute, Standardizer, type StandardizerJSON } from '@demand/ml';
import { hungarian } from './assignment.js';
import { describeSegments, type Segment } from './describe.js';
import { invalidArgument } from './errors.js';
import { commonCategories, type FeatureSpec, featureSpecs, profileFeatures, writeProfileFeatures } from './features.js';
import { adaptiveMetricKMeans } from './adaptive-metric.js';
import { nearest } from './kmeans.js';
import { Pca, type PcaJSON } from './pca.js';
import { sampleRows, searchK } from './k-search.js';
import { applyPowerTransform, fitPowerTransform, isPowerTransform, type PowerTransformJSON } from './yeo-johnson.js';
import { silhouette } from './silhouette.js';
import type { UserProfile } from './user-profile.js';
import { DEFAULT_GROUP_WEIGHTS, type SegmentationOptions } from './segmentation-options.js';

export interface SegmentModelJSON {
  kind: 'segments';
  formatVersion: 1;
  categories: string[];
  features: FeatureSpec[];
  weights: number[];
  /**
   * Per-feature Yeo–Johnson transform applied to the raw row before `standardizer`; absent or null: none
   * (models saved before it, or fitted with featureTransform 'none').
   */
  powerTransform?: PowerTransformJSON | null;
  standardizer: StandardizerJSON;
  taste: PcaJSON | null;
  /** 2-D plotting axes, of the rows whitened by `metric` when it is set. */
  projection: PcaJSON;
  /**
   * Cholesky factor of the within-segment covariance the segments were found under (rows are whitened by
   * it before the nearest centroid is looked up); absent or null: plain Euclidean distance.
   */
  metric?: number[][] | null;
  /** In the weighted standardised space (whitened by `metric` when set), one per segment, in `segments` order. */
  centroids: number[][];
  segments: Segment[];
  /** The next fresh segment id. */
  nextId: number;
  /**
   * Mean silhouette of the segments on a sample, measured in the space they were found in (whitened by
   * `metric` when set): not comparable with models without a metric nor with kScores' Euclidean silhouettes.
   */
  silhouette: number;
  /** Per k tried, what `kChoice` measured: the gap statistic with its standard error, or the silhouette. */
  kScores: KScore[];
}

export interface KScore {
  k: number;
  /** Mean silhouette (Euclidean) of a 3-restart fit on the sample (kChoice 'silhouette'). */
  silhouette?: number;
  gap?: number;
  gapStandardError?: number;
}

/** Customer segments: k-means++ on weighted standardised profile features plus a PCA-reduced taste vector. */
export class SegmentModel {
  private readonly standardizer: Standardizer;
  private readonly taste: Pca | undefined;
  private readonly projection: Pca;
  /**
   * Where each of the model's profile features sits in today's `profileFeatures` row (−1: no longer
   * computed, read as 0), or undefined when they are the same list: a model saved before a feature was
   * added keeps predicting with the features it was fitted on.
   */
  private readonly columns: number[] | undefined;
  /** Values in a raw feature row: the model's profile features, then its taste components. */
  private readonly width: number;
  /** `predict`'s row, reused from profile to profile. */
  private readonly row: Float64Array<ArrayBuffer>;

  private constructor(readonly json: SegmentModelJSON) {
    const today = featureSpecs(json.categories).map((f) => f.name);
    const own = json.features.filter((f) => f.group !== 'taste').map((f) => f.name);
    this.columns =
      own.length === today.length && own.every((name, i) => name === today[i])
        ? undefined
        : own.map((name) => today.indexOf(name));
    this.standardizer = Standardizer.fromJSON(json.standardizer);
    this.taste = json.taste ? Pca.fromJSON(json.taste) : undefined;
    this.projection = Pca.fromJSON(json.projection);
    this.width = (this.columns?.length ?? today.length) + (this.taste?.dims ?? 0);
    this.row = new Float64Array(this.width);
  }

  get segments(): readonly Segment[] {
    return this.json.segments;
  }

  /** A profile as the model's raw feature row (profile features, then taste components). */
  rawFeatures(profile: UserProfile): number[] {
    const row = new Array<number>(this.width);
    this.writeRawFeatures(profile, row);
    return row;
  }

  /** The row k-means sees: power-transformed when the model has a transform, standardised, weighted by group. */
  encode(profile: UserProfile): Float64Array {
    const row = new Float64Array(this.width);
    this.encodeInto(profile, row);
    return row;
  }

  /** The id of the profile's segment. */
  predict(profile: UserProfile): number {
    return this.json.segments[nearest(this.clusteredRow(profile, this.row), this.json.centroids)]!.id;
  }

  /**
   * Two coordinates for plotting users: the first two principal axes of the rows the segments were found
   * in (encoded, whitened by the metric when the model has one).
   */
  project(profile: UserProfile): [number, number] {
    const [x = 0, y = 0] = this.projection.transform(this.clusteredRow(profile));
    return [x, y];
  }

  /**
   * The row in the space the segments were found in: encoded (into `row`), whitened by the metric when there is
   * one.
   */
  private clusteredRow(profile: UserProfile, row = new Float64Array(this.width)): Float64Array {
    this.encodeInto(profile, row);
    const { metric } = this.json;
    return metric ? forwardSubstitute(metric, row) : row;
  }

  private writeRawFeatures(profile: UserProfile, row: { [index: number]: number }): void {
    const { columns, taste } = this;
    if (columns) {
      const named = profileFeatures(profile, this.json.categories);
      columns.forEach((c, i) => {
        row[i] = c >= 0 ? named[c]! : 0;
      });
    } else writeProfileFeatures(profile, this.json.categories, row);
    if (!taste) return;
    const from = this.width - taste.dims;
    if (profile.taste?.length === taste.mean.length) taste.writeTransform(profile.taste, row, from);
    else for (let c = 0; c < taste.dims; c++) row[from + c] = 0;
  }

  private encodeInto(profile: UserProfile, row: Float64Array): void {
    this.writeRawFeatures(profile, row);
    if (this.json.powerTransform) applyPowerTransform(this.json.powerTransform, row);
    this.standardizer.transformInto(row, row);
    const { weights } = this.json;
    for (let j = 0; j < row.length; j++) row[j] = row[j]! * weights[j]!;
  }

  toJSON(): SegmentModelJSON {
    return this.json;
  }

  static fromJSON(json: SegmentModelJSON): SegmentModel {
    const ok =
      json?.kind === 'segments' &&
      json.formatVersion === 1 &&
      Array.isArray(json.centroids) &&
      json.centroids.length === json.segments?.length &&
      json.weights?.length === json.features?.length &&
      (json.powerTransform == null || isPowerTransform(json.powerTransform, json.features.length)) &&
      (json.metric == null || json.metric.length === json.features.length);
    if (!ok) throw invalidArgument('not a segment model (kind "segments", formatVersion 1, one centroid per segment)');
    return new SegmentModel(json);
  }

  static fit(profiles: readonly UserProfile[], options: SegmentationOptions = {}): SegmentModel {
    const kMin = options.k ?? options.kMin ?? 2;
    const kMax = options.k ?? options.kMax ?? 10;
    if (!(Number.isInteger(kMin) && Number.isInteger(kMax) && kMin >= 1 && kMin <= kMax))
      throw invalidArgument(`need integers 1 ≤ kMin ≤ kMax (got ${kMin}, ${kMax})`);
    if (profiles.length < kMax) throw invalidArgument(`need at least ${kMax} profiles (got ${profiles.length})`);
    const featureTransform = options.featureTransform ?? 'yeo-johnson';
    if (featureTransform !== 'yeo-johnson' && featureTransform !== 'none')
      throw invalidArgument(`featureTransform is 'yeo-johnson' or 'none' (got ${String(featureTransform)})`);
    const seed = options.seed ?? 1;
    const categories = [...(options.categories ?? commonCategories(profiles))];
    const features: FeatureSpec[] = featureSpecs(categories);
    const tastes = profiles.map((p) => p.taste).filter((t): t is number[] => t !== undefined);
    const width = tastes[0]?.length ?? 0;
    const sameWidth = tastes.filter((t) => t.length === width);
    const tasteDims = Math.min(options.tasteDims ?? 4, width);
    const taste = tasteDims > 0 && sameWidth.length > tasteDims ? Pca.fit(sameWidth, tasteDims) : undefined;
    for (let c = 0; c < (taste?.dims ?? 0); c++) features.push({ name: `taste:${c}`, group: 'taste' });
    const groupWeights = { ...DEFAULT_GROUP_WEIGHTS, ...options.groupWeights };
    const draft = (partial: Partial<SegmentModelJSON>) =>
      new SegmentModel({
        kind: 'segments',
        formatVersion: 1,
        categories,
        features,
        weights: features.map((f) => groupWeights[f.group]),
        standardizer: {
          kind: 'standardizer',
          formatVersion: 1,
          mean: features.map(() => 0),
          std: features.map(() => 1),
        },
        taste: taste?.toJSON() ?? null,
        projection: { mean: features.map(() => 0), components: [], variances: [] },
        metric: null,
        centroids: [],
        segments: [],
        nextId: 1,
        silhouette: 0,
        kScores: [],
        ...partial,
      });
    const bare = draft({});
    const raw = profiles.map((p) => bare.rawFeatures(p));
    const rawScale = Standardizer.fit(raw.map((r) => Float32Array.from(r))).toJSON();
    const powerTransform =
      featureTransform === 'yeo-johnson' ? fitPowerTransform(raw, (j) => features[j]!.group === 'taste') : null;
    const transformed = raw.map((r) => {
      const row = [...r];
      if (powerTransform) applyPowerTransform(powerTransform, row);
      return Float32Array.from(row);
    });
    const standardizer = powerTransform ? Standardizer.fit(transformed).toJSON() : rawScale;
    const encoder = draft({ powerTransform, standardizer });
    const rows = profiles.map((p) => encoder.encode(p));
    const sample = sampleRows(rows, options.sampleSize ?? 1000, seed);
    const kChoice = options.kChoice ?? 'gap';
    const { k, kScores } = kMin < kMax ? searchK(sample, kMin, kMax, kChoice, seed) : { k: kMin, kScores: [] };
    const restarts = options.restarts ?? 8;
    const result = adaptiveMetricKMeans(rows, {
      k,
      restarts,
      seed,
      rounds: options.clustering === 'kmeans' ? 0 : options.metricRounds,
      metricRestarts: options.metricRestarts,
      metricK: Math.min(k, options.metricK ?? k),
    });
    const ids = stableIds(result.labels, k, profiles, options.previous);
    const projection = Pca.fit(result.clustered, Math.min(2, features.length)).toJSON();
    // Described against the population's raw scale: "2 σ above" in the units a reader knows.
    const segments = describeSegments(raw, result.labels, ids.ids, features, rawScale);
    const order = segments.map((_, c) => c).sort((a, b) => segments[a]!.id - segments[b]!.id);
    return draft({
      powerTransform,
      standardizer,
      projection,
      metric: result.factor?.map((row, i) => [...row.subarray(0, i + 1)]) ?? null,
      centroids: order.map((c) => [...result.centroids[c]!]),
      segments: order.map((c) => segments[c]!),
      nextId: ids.nextId,
      silhouette: silhouette(result.clustered, result.labels, options.sampleSize ?? 1000, seed),
      kScores,
    });
  }
}

/**
 * Ids for the new clusters: each previous segment goes to the new cluster that holds most of its
 * (re-assigned) members, by an optimal one-to-one matching; clusters that took nobody's members get fresh ids.
 */
function stableIds(labels: Int32Array, k: number, profiles: readonly UserProfile[], previousJson?: SegmentModelJSON) {
  if (!previousJson) return { ids: Array.from({ length: k }, (_, c) => c + 1), nextId: k + 1 };
  const previous = SegmentModel.fromJSON(previousJson);
  const before = previous.segments.map((s) => s.id);
  const overlap = Array.from({ length: k }, () => new Array<number>(before.length).fill(0));
  profiles.forEach((p, i) => {
    overlap[labels[i]!]![before.indexOf(previous.predict(p))]! += 1;
  });
  const match = hungarian(overlap.map((row) => row.map((n) => -n)));
  let nextId = previousJson.nextId;
  const ids = match.map((j, c) => (j >= 0 && overlap[c]![j]! > 0 ? before[j]! : nextId++));
  return { ids, nextId };
}
