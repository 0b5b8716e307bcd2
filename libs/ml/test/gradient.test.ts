import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { SoftmaxRegression } from '../src/index.js';
import { Adam } from '../src/softmax-regression/adam.js';
import { classWeightsFor, lossAndGradient } from '../src/softmax-regression/objective.js';
import { assertClose } from './synthetic.js';

// Two classes, two features: x1 = (1, 0) of class 0, x2 = (0, 1) of class 1.
// W = [[ln 3, 0], [0, 0]], b = [0, 0]  →  p(x1) = (3/4, 1/4), p(x2) = (1/2, 1/2).
const shape = { numClasses: 2, dims: 2 };
const rows = [Float32Array.of(1, 0), Float32Array.of(0, 1)];
const labels = [0, 1];
const theta = () => Float64Array.of(Math.log(3), 0, 0, 0, /* bias */ 0, 0);

describe('softmax objective (hand-computed)', () => {
  it('loss and gradient with an L2 penalty', () => {
    const gradient = new Float64Array(6);
    const data = { rows, labels, classWeights: Float64Array.of(1, 1) };
    const loss = lossAndGradient(theta(), shape, data, [0, 1], 0.1, gradient);
    // loss = (ln(4/3) + ln 2) / 2 + 0.1/2 · (ln 3)²
    assertClose(loss, 0.5507620745464922, 1e-12, 'loss');
    // residuals: x1 → (−1/4, 1/4), x2 → (1/2, −1/2); gradient = mean(residual ⊗ x) + l2·W
    const expected = [-1 / 8 + 0.1 * Math.log(3), 1 / 4, 1 / 8, -1 / 4, 1 / 8, -1 / 8];
    expected.forEach((g, p) => assertClose(gradient[p]!, g, 1e-12, `gradient[${p}]`));
  });

  it('class weights scale each example’s loss and gradient', () => {
    const gradient = new Float64Array(6);
    const data = { rows, labels, classWeights: Float64Array.of(2, 1) };
    const loss = lossAndGradient(theta(), shape, data, [0, 1], 0, gradient);
    assertClose(loss, (2 * Math.log(4 / 3) + Math.log(2)) / 2, 1e-12, 'loss');
    const expected = [-1 / 4, 1 / 4, 1 / 4, -1 / 4, 0, 0];
    expected.forEach((g, p) => assertClose(gradient[p]!, g, 1e-12, `gradient[${p}]`));
  });

  it('balanced class weights are n / (K · n_k)', () => {
    assert.deepEqual([...classWeightsFor([0, 0, 0, 1], 2, 'balanced')], [4 / 6, 2]);
    assert.deepEqual([...classWeightsFor([0, 1], 3, [1, 2, 3])], [1, 2, 3]);
  });
});

describe('Adam (hand-computed)', () => {
  it('takes bias-corrected steps', () => {
    const parameters = Float64Array.of(0);
    const adam = new Adam(1, { learningRate: 0.1 });
    adam.step(parameters, Float64Array.of(2)); // m̂ = 2, v̂ = 4 → step 0.1 · 2 / 2
    assertClose(parameters[0]!, -0.1, 1e-8, 'after step 1');
    adam.step(parameters, Float64Array.of(-1)); // m = 0.08, v = 0.004996 → m̂ = 0.4210526, v̂ = 2.4992496
    assertClose(parameters[0]!, -0.12663370329756848, 1e-12, 'after step 2');
  });

  it('one full-batch epoch of fit equals one hand-computed Adam step from zero', () => {
    // From W = 0: p = (1/2, 1/2) for both rows, gradient W_0 = (−1/4, 1/4), W_1 = (1/4, −1/4), b = 0.
    // Adam's first step moves every parameter by lr · sign(g) (and not at all where g = 0).
    const model = SoftmaxRegression.fit(rows, labels, {
      maxEpochs: 1,
      batchSize: 2,
      validationFraction: 0,
      l2: 0,
      learningRate: 0.1,
    });
    const expectedWeights = [0.1, -0.1, -0.1, 0.1];
    expectedWeights.forEach((w, p) => assertClose(model.weights[p]!, w, 1e-7, `weight ${p}`));
    assert.deepEqual([...model.bias], [0, 0]);
    assert.equal(model.training?.epochs, 1);
  });
});
