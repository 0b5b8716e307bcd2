import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import {
  evaluateClassifier,
  expectedCalibrationError,
  fitTemperature,
  SeededRandom,
  softmax,
  SoftmaxRegression,
} from '../src/index.js';
import { assertClose, gaussianBlobs } from './synthetic.js';

/** Labels drawn from softmax(trueLogits); the model reports `overconfidence ×` those logits. */
function overconfidentLogits(count: number, overconfidence: number, seed: number) {
  const random = new SeededRandom(seed);
  const logits: Float64Array[] = [];
  const y: number[] = [];
  for (let i = 0; i < count; i++) {
    const truth = Float64Array.from({ length: 3 }, () => 1.2 * random.normal());
    const p = softmax(truth);
    const u = random.next();
    y.push(u < p[0]! ? 0 : u < p[0]! + p[1]! ? 1 : 2);
    logits.push(truth.map((z) => overconfidence * z));
  }
  return { logits, y };
}

describe('temperature scaling', () => {
  it('finds the hand-computed optimum: σ(2 / T) = 3/4 → T = 2 / ln 3', () => {
    const logits = [0, 0, 0, 1].map(() => Float64Array.of(2, 0));
    assertClose(fitTemperature(logits, [0, 0, 0, 1]), 2 / Math.log(3), 1e-5, 'temperature');
  });

  it('lowers the ECE of deliberately over-confident logits and recovers the scale', () => {
    const fitSet = overconfidentLogits(3000, 4, 21);
    const evalSet = overconfidentLogits(3000, 4, 22);
    const temperature = fitTemperature(fitSet.logits, fitSet.y);
    assert.ok(temperature > 3.4 && temperature < 4.6, `temperature ${temperature}`);
    const before = expectedCalibrationError(
      evalSet.y,
      evalSet.logits.map((z) => softmax(z)),
    );
    const after = expectedCalibrationError(
      evalSet.y,
      evalSet.logits.map((z) => softmax(z, temperature)),
    );
    assert.ok(before > 0.15, `ECE before ${before}`);
    assert.ok(after < 0.04, `ECE after ${after}`);
  });

  it('calibrates a model in place without changing its predictions', () => {
    const centers = [
      [0, 0],
      [2, 0],
      [1, 1.7],
    ];
    const train = gaussianBlobs(centers, [200, 200, 200], 1, 23);
    const calibration = gaussianBlobs(centers, [150, 150, 150], 1, 24);
    const test = gaussianBlobs(centers, [300, 300, 300], 1, 25);
    const json = SoftmaxRegression.fit(train.X, train.y, { seed: 1 }).toJSON();
    // Multiplying every parameter by 5 keeps the decisions and makes the model over-confident.
    const overconfident = SoftmaxRegression.fromJSON({
      ...json,
      weights: json.weights.map((w) => 5 * w),
      bias: json.bias.map((b) => 5 * b),
    });
    const before = evaluateClassifier(overconfident, test.X, test.y);
    const predictionsBefore = test.X.map((x) => overconfident.predict(x));
    const temperature = overconfident.calibrate(calibration.X, calibration.y);
    const after = evaluateClassifier(overconfident, test.X, test.y);
    assert.ok(temperature > 3.5 && temperature < 7, `temperature ${temperature}`);
    assert.ok(
      after.expectedCalibrationError < before.expectedCalibrationError / 2,
      `${before.expectedCalibrationError} → ${after.expectedCalibrationError}`,
    );
    assert.ok(after.logLoss < before.logLoss);
    assert.deepEqual(
      test.X.map((x) => overconfident.predict(x)),
      predictionsBefore,
    );
    assert.equal(overconfident.toJSON().temperature, temperature);
  });

  it('rejects empty or mislabelled held-out data', () => {
    assert.throws(() => fitTemperature([], []), /held-out/);
    assert.throws(() => fitTemperature([Float64Array.of(1, 0)], [2]), /class index/);
  });
});
