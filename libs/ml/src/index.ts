export { SoftmaxRegression } from './softmax-regression/softmax-regression.js';
export type { SoftmaxRegressionOptions, SoftmaxRegressionJSON } from './softmax-regression/softmax-regression.js';
export type { TrainingReport, EpochRecord, MiniBatchObjective } from './softmax-regression/train.js';
export type { ClassWeighting } from './softmax-regression/objective.js';
export { MajorityClassClassifier } from './majority-classifier.js';
export type { MajorityClassJSON } from './majority-classifier.js';
export type { Classifier } from './classifier.js';
export { fitTemperature, temperatureNll } from './calibration.js';
export type { TemperatureSearch } from './calibration.js';
export {
  accuracy,
  confusionMatrix,
  classScores,
  macroF1,
  logLoss,
  expectedCalibrationError,
  rocAuc,
} from './metrics.js';
export type { ClassScores } from './metrics.js';
export { evaluateClassifier, reportFromProbabilities } from './evaluate.js';
export type { ClassificationReport } from './evaluate.js';
export { stratifiedSplit } from './split.js';
export type { SplitFractions, SplitIndices } from './split.js';
export { Standardizer } from './standardizer.js';
export type { StandardizerJSON } from './standardizer.js';
export { toRows, pick } from './rows.js';
export type { FeatureRows } from './rows.js';
export { dot, cosine, l2Norm, l2Normalize } from './vector.js';
export { softmax, logSumExp, argmax } from './softmax.js';
export { SeededRandom } from './random.js';
export { cholesky, forwardSubstitute } from './cholesky.js';
export { symmetricEigen } from './symmetric-eigen.js';
export { orthonormalizeColumns } from './orthonormalize.js';
export type { SymmetricEigen } from './symmetric-eigen.js';
export type { CholeskyOptions } from './cholesky.js';
export { MlError } from './ml.error.js';
export type { MlErrorCode } from './ml.error.js';
export { MlpClassifier } from './mlp/mlp-classifier.js';
export type { MlpOptions, MlpJSON } from './mlp/mlp-classifier.js';
export { clusterBootstrapSpread } from './cluster-bootstrap.js';
