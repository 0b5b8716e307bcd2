import { invalidArgument, MlError } from './ml.error.js';
import { argmax } from './softmax.js';

type Labels = ArrayLike<number>;
type ProbabilityRows = readonly ArrayLike<number>[];

function sameLength(a: { length: number }, b: { length: number }, what: string): void {
  if (a.length !== b.length) throw invalidArgument(`${what}: ${a.length} truths vs ${b.length} predictions`);
  if (a.length === 0) throw invalidArgument(`${what}: no examples`);
}

export function accuracy(yTrue: Labels, yPred: Labels): number {
  sameLength(yTrue, yPred, 'accuracy');
  let correct = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) correct++;
  return correct / yTrue.length;
}

/** confusion[t][p] = number of examples of true class t predicted as p. */
export function confusionMatrix(yTrue: Labels, yPred: Labels, numClasses?: number): number[][] {
  sameLength(yTrue, yPred, 'confusion matrix');
  let classes = numClasses ?? 0;
  if (numClasses === undefined)
    for (let i = 0; i < yTrue.length; i++) classes = Math.max(classes, yTrue[i]! + 1, yPred[i]! + 1);
  const matrix = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < yTrue.length; i++) {
    const t = yTrue[i]!;
    const p = yPred[i]!;
    if (!(t >= 0 && t < classes && p >= 0 && p < classes) || !Number.isInteger(t) || !Number.isInteger(p)) {
      throw invalidArgument(`example ${i}: labels ${t}/${p} are not class indices in [0, ${classes})`);
    }
    matrix[t]![p]!++;
  }
  return matrix;
}

export interface ClassScores {
  precision: number;
  recall: number;
  f1: number;
  /** Number of true examples of the class. */
  support: number;
  /** Number of examples predicted as the class. */
  predicted: number;
}

/** Per-class precision, recall and F1 from a confusion matrix (0 where undefined, as scikit-learn). */
export function classScores(confusion: readonly (readonly number[])[]): ClassScores[] {
  return confusion.map((row, k) => {
    const truePositives = row[k]!;
    const support = row.reduce((a, b) => a + b, 0);
    const predicted = confusion.reduce((sum, r) => sum + r[k]!, 0);
    const precision = predicted === 0 ? 0 : truePositives / predicted;
    const recall = support === 0 ? 0 : truePositives / support;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { precision, recall, f1, support, predicted };
  });
}

/** Unweighted mean F1 over the classes that occur in the truth or the predictions. */
export function macroF1(confusion: readonly (readonly number[])[]): number {
  const present = classScores(confusion).filter((s) => s.support > 0 || s.predicted > 0);
  return present.reduce((sum, s) => sum + s.f1, 0) / present.length;
}

/** Mean −ln p(true class), with probabilities clipped at 1e-15. */
export function logLoss(yTrue: Labels, probabilities: ProbabilityRows): number {
  sameLength(yTrue, probabilities, 'log loss');
  let total = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const p = probabilities[i]![yTrue[i]!];
    if (p === undefined) throw invalidArgument(`example ${i}: class ${yTrue[i]} has no probability`);
    total -= Math.log(Math.min(1, Math.max(1e-15, p)));
  }
  return total / yTrue.length;
}

/**
 * Expected calibration error: examples are binned by confidence (the top probability) into
 * `bins` equal-width bins over [0, 1]; ECE = Σ_b (n_b / n) · |accuracy_b − mean confidence_b|.
 */
export function expectedCalibrationError(yTrue: Labels, probabilities: ProbabilityRows, bins = 10): number {
  sameLength(yTrue, probabilities, 'expected calibration error');
  const count = new Float64Array(bins);
  const correct = new Float64Array(bins);
  const confidence = new Float64Array(bins);
  for (let i = 0; i < yTrue.length; i++) {
    const row = probabilities[i]!;
    const predicted = argmax(row);
    const top = row[predicted]!;
    const bin = Math.min(bins - 1, Math.floor(top * bins));
    count[bin]!++;
    confidence[bin] = confidence[bin]! + top;
    if (predicted === yTrue[i]) correct[bin]!++;
  }
  let ece = 0;
  for (let b = 0; b < bins; b++) {
    if (count[b] === 0) continue;
    ece += Math.abs(correct[b]! - confidence[b]!) / yTrue.length;
  }
  return ece;
}

/**
 * Area under the ROC curve for binary labels (1 = positive) and scores (higher = more
 * positive), via the Mann–Whitney rank sum with tied scores given their average rank.
 */
export function rocAuc(yTrue: Labels, scores: ArrayLike<number>): number {
  sameLength(yTrue, scores, 'ROC AUC');
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let positives = 0;
  let positiveRankSum = 0;
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && scores[order[end + 1]!] === scores[order[start]!]) end++;
    const averageRank = (start + end) / 2 + 1;
    for (let r = start; r <= end; r++) {
      const label = yTrue[order[r]!];
      if (label !== 0 && label !== 1) throw invalidArgument(`ROC AUC needs 0/1 labels, got ${label}`);
      if (label === 1) {
        positives++;
        positiveRankSum += averageRank;
      }
    }
    start = end + 1;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) {
    throw new MlError('FAILED_PRECONDITION', 'ROC AUC is undefined unless both classes occur in the truth');
  }
  return (positiveRankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}
