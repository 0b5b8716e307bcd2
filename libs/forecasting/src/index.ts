export type { Forecast, ForecastContext, ForecastModel, Interval, SeriesOptions } from './model.js';
export { DEFAULT_LEVELS, normalForecast } from './model.js';
export { ForecastError, invalidSeries } from './forecast.error.js';
export type { ForecastErrorCode } from './forecast.error.js';
export { createWindowMean, mean28, seasonalNaive } from './naive.js';
export type { SeasonalNaiveState, WindowMeanState } from './naive.js';
export { createEts, ets, etsFamily, fitEtsSpec } from './ets/ets.js';
export type { EtsOptions, EtsState } from './ets/ets.js';
export { etsMean, etsPass, specName } from './ets/ets-core.js';
export type { EtsParams, EtsSpec, EtsStates } from './ets/ets-core.js';
export { createTheta, theta, thetaOptimised, thetaSeasonal } from './theta.js';
export type { ThetaState } from './theta.js';
export { autoArima, createAutoArima, fitArimaOrder, orderName } from './arima/auto-arima.js';
export type { ArimaState, AutoArimaOptions } from './arima/auto-arima.js';
export type { ArimaOrder, ArimaCoefficients } from './arima/arima-core.js';
export { kpssStatistic, ndiffs, nsdiffs, seasonalStrength } from './arima/unit-root.js';
export { createIntermittent, croston, sba, tsb } from './intermittent.js';
export type { IntermittentState, IntermittentVariant } from './intermittent.js';
export { createDriverRegression, driverRegression } from './regression.js';
export type { DriverContribution, DriverRegressionOptions, DriverRegressionState } from './regression.js';
export { combineForecasts, createCombination } from './combination.js';
export type { CombinationState, CombineBy } from './combination.js';
export { autoForecast, defaultMethods, STRONG_COMBINATIONS } from './auto.js';
export type { AnyModel, AutoOptions, AutoResult, CombinationSpec, MethodScore } from './auto.js';
export { coverage, mae, mase, naiveScale, wape } from './metrics.js';
export { nelderMead } from './nelder-mead.js';
export { erfc, mean, median, normalQuantile, quantile, zOfLevel } from './stats.js';
export { seasonalIndices } from './decompose.js';
export { reconcile } from './reconcile.js';
export type { Hierarchy, LevelForecasts, ReconcileMethod } from './reconcile.js';
export {
  PROPENSITY_FEATURES,
  propensityFeatures,
  propensityReasons,
  purchaseLabel,
  purchaseProbability,
  recencyScore,
  trainPropensity,
} from './propensity/propensity.js';
export type {
  PropensityClassifier,
  PropensityMethod,
  PropensityModel,
  PropensityReason,
  UserDays,
} from './propensity/propensity.js';
export { fastMethods, fastOptions } from './profiles.js';
export { imputeCensored } from './censored.js';
