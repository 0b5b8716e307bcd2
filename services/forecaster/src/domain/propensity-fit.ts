import { MlpClassifier, type MlpJSON, SoftmaxRegression, type SoftmaxRegressionJSON } from '@demand/ml';
import { type PropensityClassifier, type PropensityMethod, trainPropensity } from '@demand/forecasting';

/** Training and calibration rows of a propensity model: plain data, so a worker thread can take it. */
export interface PropensityJob {
  train: { X: Float32Array[]; y: number[] };
  validation: { X: Float32Array[]; y: number[] };
}

/** The chosen model as JSON, so it can come back from a worker thread. */
export interface PropensityFit {
  method: PropensityMethod;
  model: SoftmaxRegressionJSON | MlpJSON;
}

export function fitPropensity(job: PropensityJob): PropensityFit {
  const trained = trainPropensity(job.train, job.validation);
  return { method: trained.method, model: trained.classifier.toJSON() };
}

export function propensityClassifier(fit: PropensityFit): PropensityClassifier {
  return fit.model.kind === 'mlp' ? MlpClassifier.fromJSON(fit.model) : SoftmaxRegression.fromJSON(fit.model);
}
