export type { InteractionKind, UserEvent, ItemInfo, ItemLookup, TextLanguage } from './types.js';
export { textLanguage } from './text-language.js';
export { DAY_MS } from './types.js';
export { decayWeight, DEFAULT_KIND_WEIGHTS } from './decay.js';
export { toShares, concentration } from './shares.js';
export type { KindWeights } from './decay.js';
export { unpackedScores, rfmOf, rfmScores, quintileScores, RfmPopulation } from './rfm.js';
export { SortedValues } from './sorted-values.js';
export type { Rfm, RfmScores } from './rfm.js';
export { buildPriceIndex, priceBandOf, popularityPercentiles } from './price-band.js';
export type { PriceBand, PriceIndex } from './price-band.js';
export { activityOf, hourShare } from './activity.js';
export type { ActivityPattern } from './activity.js';
export { tasteVectorOf } from './taste.js';
export { buildUserProfile } from './user-profile.js';
export type { UserProfile, ProfileOptions, Engagement, Voice } from './user-profile.js';
export { buildItemProfile, coOccurrenceNeighbours, ItemTally } from './item-profile.js';
export type { ItemEvent, ItemProfile, ItemProfileOptions, PairCount, Neighbour } from './item-profile.js';
export { featureSpecs, profileFeatures, commonCategories, topShare } from './features.js';
export type { FeatureGroup, FeatureSpec } from './features.js';
export { kMeans, squaredDistance, nearest } from './kmeans.js';
export { adaptiveMetricKMeans, pooledWithinCovariance } from './adaptive-metric.js';
export type { AdaptiveMetricOptions, AdaptiveMetricResult } from './adaptive-metric.js';
export type { KMeansOptions, KMeansResult, Rows } from './kmeans.js';
export { Pca } from './pca.js';
export {
  applyPowerTransform,
  fitPowerTransform,
  fitYeoJohnson,
  yeoJohnson,
  yeoJohnsonLogLikelihood,
} from './yeo-johnson.js';
export type { PowerTransformJSON } from './yeo-johnson.js';
export type { PcaJSON } from './pca.js';
export { chooseKBySilhouette, silhouette } from './silhouette.js';
export { chooseKByGap, gapStatistic } from './gap.js';
export type { GapOptions, GapScore } from './gap.js';
export { hungarian } from './assignment.js';
export { adjustedRandIndex } from './ari.js';
export { describeSegment, standouts } from './describe.js';
export type { Segment, Standout, SegmentDescriptionInput } from './describe.js';
export { SegmentModel } from './segment-model.js';
export { DEFAULT_GROUP_WEIGHTS } from './segmentation-options.js';
export type { SegmentationOptions } from './segmentation-options.js';
export type { KScore, SegmentModelJSON } from './segment-model.js';
export { segmentUsers, evaluateSegments } from './segmentation.js';
export type { SegmentationInput, SegmentationResult, UserSegment, SegmentEvaluation } from './segmentation.js';
export { runSegmentationInWorker } from './run-in-worker.js';
