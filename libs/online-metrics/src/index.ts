export type { Attribution, Outcome, OutcomeKind, ServedList } from './types.js';
export { attributeOutcomes, type AttributionRules } from './attribution.js';
export {
  clickedNdcg,
  type DailyMetrics,
  dailyMetrics,
  groupedMetrics,
  listMetrics,
  type GroupedMetrics,
  type ListMetrics,
} from './list-metrics.js';
export { compareProportions, type AbTestOptions, type AbTestResult, type Proportion } from './ab-test.js';
export { categoricalStabilityIndex, populationStabilityIndex, quantileEdges, unseenTokenShare } from './psi.js';
export { decidePromotion, type PromotionDecision, type PromotionRules, type VersionEvidence } from './promotion.js';
export { detectDrift, driftReason, type DriftFinding, type DriftInputs, type DriftThresholds } from './drift.js';
export { type ForecastAccuracy, mase, scoreForecasts, type SeriesForecast, wape } from './forecast-accuracy.js';
export { classificationScores, type ClassificationScores, sentimentOfStars } from './classifier-accuracy.js';
