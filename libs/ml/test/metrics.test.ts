import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import {
  accuracy,
  classScores,
  confusionMatrix,
  expectedCalibrationError,
  logLoss,
  macroF1,
  reportFromProbabilities,
  rocAuc,
} from '../src/index.js';
import { assertClose } from './synthetic.js';

const yTrue = [0, 0, 0, 1, 1, 2, 2, 2, 2];
const yPred = [0, 1, 0, 1, 1, 2, 0, 2, 1];

describe('classification metrics (hand-computed)', () => {
  it('confusion matrix, accuracy, per-class scores and macro-F1', () => {
    const confusion = confusionMatrix(yTrue, yPred);
    assert.deepEqual(confusion, [
      [2, 1, 0],
      [0, 2, 0],
      [1, 1, 2],
    ]);
    assertClose(accuracy(yTrue, yPred), 6 / 9);
    const scores = classScores(confusion);
    // class 0: 2 of 3 predictions right, 2 of 3 found; class 1: 2 of 4, 2 of 2; class 2: 2 of 2, 2 of 4
    assert.deepEqual(
      scores.map((s) => [s.precision, s.recall, s.support, s.predicted]),
      [
        [2 / 3, 2 / 3, 3, 3],
        [0.5, 1, 2, 4],
        [1, 0.5, 4, 2],
      ],
    );
    scores.forEach((s) => assertClose(s.f1, 2 / 3, 1e-12, 'f1'));
    assertClose(macroF1(confusion), 2 / 3);
  });

  it('macro-F1 ignores a class absent from both truth and predictions', () => {
    const confusion = confusionMatrix([0, 1, 1], [0, 1, 0], 4);
    assert.equal(confusion.length, 4);
    // class 0: p 1/2, r 1 → 2/3; class 1: p 1, r 1/2 → 2/3; classes 2 and 3 never occur
    assertClose(macroF1(confusion), 2 / 3);
    // a class that is predicted but never true counts (F1 0)
    assertClose(macroF1(confusionMatrix([0, 0], [0, 1], 2)), (2 / 3 + 0) / 2);
  });

  it('log loss', () => {
    const probabilities = [Float64Array.of(0.8, 0.2), Float64Array.of(0.4, 0.6)];
    assertClose(logLoss([0, 1], probabilities), -(Math.log(0.8) + Math.log(0.6)) / 2);
    assert.ok(Number.isFinite(logLoss([1], [Float64Array.of(1, 0)])), 'clipped, not infinite');
  });

  it('expected calibration error over 10 bins', () => {
    const probabilities = [
      Float64Array.of(0.95, 0.05), // bin 9, right
      Float64Array.of(0.92, 0.08), // bin 9, wrong
      Float64Array.of(0.3, 0.7), // bin 7, right
      Float64Array.of(0.55, 0.45), // bin 5, wrong
    ];
    // bin 9: |1/2 − 0.935| · 2/4 = 0.2175; bin 7: |1 − 0.7| / 4 = 0.075; bin 5: |0 − 0.55| / 4 = 0.1375
    assertClose(expectedCalibrationError([0, 1, 1, 1], probabilities), 0.43, 1e-12);
    assertClose(expectedCalibrationError([0], [Float64Array.of(1, 0)]), 0, 1e-12);
  });

  it('ROC AUC with and without ties', () => {
    assertClose(rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]), 0.75);
    // pairs (positive, negative): (.5,.5) tie = 1/2, (.5,.2) = 1, (.9,·) = 2 → 3.5 / 4
    assertClose(rocAuc([0, 1, 0, 1], [0.5, 0.5, 0.2, 0.9]), 0.875);
    assert.throws(() => rocAuc([1, 1], [0.2, 0.3]), { code: 'FAILED_PRECONDITION' });
  });

  it('a report from probabilities carries every metric', () => {
    const probabilities = [Float64Array.of(0.9, 0.1), Float64Array.of(0.4, 0.6), Float64Array.of(0.3, 0.7)];
    const report = reportFromProbabilities([0, 1, 0], probabilities, 2);
    assert.deepEqual(report.confusion, [
      [1, 1],
      [0, 1],
    ]);
    assertClose(report.accuracy, 2 / 3);
    assertClose(report.rocAuc!, 0.5); // positive 0.6 beats 0.1, loses to 0.7
    assert.equal(reportFromProbabilities([0, 0], probabilities.slice(0, 2), 2).rocAuc, undefined);
  });

  it('rejects mismatched lengths', () => {
    assert.throws(() => accuracy([0, 1], [0]), /2 truths vs 1/);
    assert.throws(() => confusionMatrix([0, 3], [0, 1], 2), /class indices/);
  });
});
