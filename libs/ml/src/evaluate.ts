import type { Classifier } from './classifier.js';
import { invalidArgument } from './ml.error.js';
import {
  accuracy,
  classScores,
  confusionMatrix,
  expectedCalibrationError,
  logLoss,
  macroF1,
  rocAuc,
  type ClassScores,
} from './metrics.js';
import { toRows, type FeatureRows } from './rows.js';
import { argmax } from './softmax.js';

export interface ClassificationReport {
  size: number;
  accuracy: number;
  macroF1: number;
  perClass: ClassScores[];
  /** confusion[true][predicted] */
  confusion: number[][];
  logLoss: number;
  /** 10-bin ECE. */
  expectedCalibrationError: number;
  /** Binary problems with both classes present only (class 1 = positive). */
  rocAuc?: number;
}

/** Every metric of a classifier from its probabilities on labelled examples. */
export function reportFromProbabilities(
  yTrue: ArrayLike<number>,
  probabilities: readonly Float64Array[],
  numClasses: number,
): ClassificationReport {
  const predicted = probabilities.map((p) => argmax(p));
  const confusion = confusionMatrix(yTrue, predicted, numClasses);
  const report: ClassificationReport = {
    size: yTrue.length,
    accuracy: accuracy(yTrue, predicted),
    macroF1: macroF1(confusion),
    perClass: classScores(confusion),
    confusion,
    logLoss: logLoss(yTrue, probabilities),
    expectedCalibrationError: expectedCalibrationError(yTrue, probabilities, 10),
  };
  const positives = Array.from(yTrue).filter((label) => label === 1).length;
  if (numClasses === 2 && positives > 0 && positives < yTrue.length) {
    report.rocAuc = rocAuc(
      yTrue,
      probabilities.map((p) => p[1]!),
    );
  }
  return report;
}

/** Scores a fitted classifier (a model or a baseline) on labelled examples it was not trained on. */
export function evaluateClassifier(model: Classifier, X: FeatureRows, yTrue: ArrayLike<number>): ClassificationReport {
  const rows = toRows(X, model.dims);
  if (rows.length !== yTrue.length) throw invalidArgument(`X has ${rows.length} rows but y has ${yTrue.length} labels`);
  return reportFromProbabilities(
    yTrue,
    rows.map((row) => model.predictProba(row)),
    model.numClasses,
  );
}
