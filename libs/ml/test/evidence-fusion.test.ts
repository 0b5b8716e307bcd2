import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { fitEvidenceWeight, fusedLogLoss, multiplyEvidence } from '../src/index.js';
import { assertClose } from './synthetic.js';

const close = (actual: ArrayLike<number>, expected: number[]) =>
  expected.forEach((p, k) => assertClose(actual[k]!, p, 1e-12, `class ${k}`));

describe('evidence fusion (hand-computed)', () => {
  it('multiplies probabilities by the evidence raised to the weight and renormalises', () => {
    const even = () => Float64Array.of(0.5, 0.5);
    close(multiplyEvidence(even(), [0.4, 0.2], [0.2, 0.2]), [2 / 3, 1 / 3]);
    close(multiplyEvidence(even(), [0.4, 0.2], [0.2, 0.2], 0), [0.5, 0.5]);
    close(multiplyEvidence(even(), [0.4, 0.2], [0.2, 0.2], 2), [4 / 5, 1 / 5]);
    // evidence (0.6 / 0.2, 0.3 / 0.3) = (3, 1) on (0.2, 0.8) → (0.6, 0.8) / 1.4
    close(multiplyEvidence(Float64Array.of(0.2, 0.8), [0.6, 0.3], [0.2, 0.3]), [3 / 7, 4 / 7]);
    close(multiplyEvidence(Float64Array.of(0.2, 0.8), [0.6, 0.3], [0.2, 0.3], 0.5), [
      (0.2 * Math.sqrt(3)) / (0.2 * Math.sqrt(3) + 0.8),
      0.8 / (0.2 * Math.sqrt(3) + 0.8),
    ]);
    assert.throws(() => multiplyEvidence(even(), [1], [1, 1]), /2 probabilities but 1 \/ 2 evidence/);
  });

  // Even odds, evidence 4 : 1 for class 0 on every row; three rows of class 0 and one of class 1.
  const probabilities = Array.from({ length: 4 }, () => [0.5, 0.5]);
  const evidence = Array.from({ length: 4 }, () => [4, 1]);

  it('scores a weight by the mean negative log-likelihood of the fused probabilities', () => {
    // w = 1: p(class 0) = 4/5 on every row → −(3 ln 0.8 + ln 0.2) / 4
    assertClose(
      fusedLogLoss(probabilities, evidence, [0, 0, 0, 1], 1),
      -(3 * Math.log(0.8) + Math.log(0.2)) / 4,
      1e-12,
    );
    assertClose(fusedLogLoss(probabilities, evidence, [0, 0, 0, 1], 0), Math.log(2), 1e-12);
  });

  it('fits the weight whose fused probability matches the held-out rate: 4^w / (4^w + 1) = 3/4, w = ln 3 / ln 4', () => {
    assertClose(fitEvidenceWeight(probabilities, evidence, [0, 0, 0, 1]), Math.log(3) / Math.log(4), 1e-4);
  });

  it('goes to 0 when the evidence only misleads and to the cap when it is always right', () => {
    assert.equal(fitEvidenceWeight(probabilities, evidence, [1, 1, 1, 1]), 0);
    assert.equal(fitEvidenceWeight(probabilities, evidence, [0, 0, 0, 0], { maxWeight: 3 }), 3);
    assert.throws(() => fitEvidenceWeight([], [], []), /needs held-out rows/);
  });
});
