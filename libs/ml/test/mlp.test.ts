import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { logLoss, MlpClassifier, SeededRandom } from '../src/index.js';
import { mlpCrossEntropy, mlpLayout, mlpLossAndGradient } from '../src/mlp/mlp-objective.js';

function xorData(n: number, seed: number) {
  const random = new SeededRandom(seed);
  const X: Float32Array[] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = random.next() * 2 - 1;
    const b = random.next() * 2 - 1;
    X.push(Float32Array.of(a, b));
    y.push(a * b > 0 ? 1 : 0);
  }
  return { X, y };
}

describe('MLP objective', () => {
  it('has the gradient of its loss (central finite differences)', () => {
    const shape = { dims: 3, hidden: 4, numClasses: 3 };
    const random = new SeededRandom(5);
    const theta = Float64Array.from({ length: mlpLayout(shape).size }, () => random.normal() * 0.7);
    const rows = Array.from({ length: 6 }, () => Float32Array.from({ length: 3 }, () => random.normal()));
    const data = { rows, labels: [0, 1, 2, 1, 0, 2] };
    const batch = [0, 1, 2, 3, 4, 5];
    const gradient = new Float64Array(theta.length);
    const scratch = new Float64Array(theta.length);
    mlpLossAndGradient(theta, shape, data, batch, 0.01, gradient);
    const h = 1e-6;
    for (let q = 0; q < theta.length; q++) {
      const up = theta.slice();
      const down = theta.slice();
      up[q] = up[q]! + h;
      down[q] = down[q]! - h;
      const numeric =
        (mlpLossAndGradient(up, shape, data, batch, 0.01, scratch) -
          mlpLossAndGradient(down, shape, data, batch, 0.01, scratch)) /
        (2 * h);
      assert.ok(Math.abs(numeric - gradient[q]!) < 1e-6, `parameter ${q}: ${numeric} vs ${gradient[q]}`);
    }
    const unpenalised = mlpLossAndGradient(theta, shape, data, batch, 0, scratch);
    assert.ok(Math.abs(unpenalised - mlpCrossEntropy(theta, shape, data, batch)) < 1e-12);
  });
});

describe('MlpClassifier', () => {
  it('learns XOR, which no linear model can (a linear model stays near chance)', () => {
    const train = xorData(1500, 1);
    const test = xorData(500, 2);
    const model = MlpClassifier.fit(train.X, train.y, { hidden: 8, seed: 3, maxEpochs: 200, learningRate: 0.02 });
    const accuracy = test.X.filter((x, i) => model.predict(x) === test.y[i]).length / test.y.length;
    assert.ok(accuracy > 0.93, `accuracy ${accuracy}`);
    assert.ok(model.training && model.training.bestEpoch > 0 && model.training.validationSize === 150);
  });

  it('calibrates with a temperature, survives a JSON round trip and refuses broken JSON', () => {
    const train = xorData(800, 4);
    const validation = xorData(300, 5);
    const model = MlpClassifier.fit(train.X, train.y, { hidden: 6, seed: 1, validation, maxEpochs: 80 });
    const before = logLoss(
      validation.y,
      validation.X.map((x) => model.predictProba(x)),
    );
    const temperature = model.calibrate(validation.X, validation.y);
    assert.ok(temperature > 0);
    const after = logLoss(
      validation.y,
      validation.X.map((x) => model.predictProba(x)),
    );
    assert.ok(after <= before + 1e-9, `log loss ${after} after calibration vs ${before}`);
    const copy = MlpClassifier.fromJSON(JSON.parse(JSON.stringify(model.toJSON())));
    for (const x of validation.X.slice(0, 20)) assert.deepEqual([...copy.predictProba(x)], [...model.predictProba(x)]);
    const json = model.toJSON();
    assert.throws(() => MlpClassifier.fromJSON({ ...json, parameters: json.parameters.slice(1) }), /parameters/);
    assert.throws(() => MlpClassifier.fromJSON({ ...json, hidden: 0 }), /positive integers/);
    assert.throws(() => MlpClassifier.fromJSON({ ...json, temperature: -1 }), /temperature/);
    assert.throws(() => model.predict(Float32Array.of(1)), /expects 2 features/);
  });

  it('refuses bad options', () => {
    const { X, y } = xorData(50, 9);
    assert.throws(() => MlpClassifier.fit(X, y, { hidden: 1.5 }), /hidden/);
    assert.throws(() => MlpClassifier.fit(X, y, { learningRate: 0 }), /learningRate/);
    assert.throws(() => MlpClassifier.fit(X, [...y].fill(0)), /at least 2 classes/);
  });
});
