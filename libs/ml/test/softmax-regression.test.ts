import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import {
  evaluateClassifier,
  logLoss,
  MajorityClassClassifier,
  MlError,
  SoftmaxRegression,
  stratifiedSplit,
  type SoftmaxRegressionJSON,
} from '../src/index.js';
import { gaussianBlobs, separablePoints, subset } from './synthetic.js';

const blobCenters = [
  [0, 0],
  [4, 0],
  [2, 3.5],
];

function blobsSplit(seed: number) {
  const all = gaussianBlobs(blobCenters, [150, 150, 150], 0.8, seed);
  const split = stratifiedSplit(all.y, { test: 0.3, seed });
  return { train: subset(all, split.train), test: subset(all, split.test) };
}

describe('SoftmaxRegression', () => {
  it('separates linearly separable 2-D data perfectly', () => {
    const data = separablePoints(300, 0.1, 7);
    const model = SoftmaxRegression.fit(data.X, data.y, { seed: 3, l2: 0 });
    assert.equal(evaluateClassifier(model, data.X, data.y).accuracy, 1);
    const fresh = separablePoints(300, 0.1, 8);
    assert.equal(evaluateClassifier(model, fresh.X, fresh.y).accuracy, 1);
  });

  it('finds three Gaussian blobs (macro-F1 > 0.95) and beats the majority baseline', () => {
    const { train, test } = blobsSplit(11);
    const model = SoftmaxRegression.fit(train.X, train.y, { seed: 5 });
    const baseline = MajorityClassClassifier.fit(train.X, train.y);
    const report = evaluateClassifier(model, test.X, test.y);
    const baselineReport = evaluateClassifier(baseline, test.X, test.y);
    assert.ok(report.macroF1 > 0.95, `macro-F1 ${report.macroF1}`);
    assert.ok(report.macroF1 > baselineReport.macroF1 + 0.5, `baseline macro-F1 ${baselineReport.macroF1}`);
    assert.ok(report.logLoss < baselineReport.logLoss / 3, `log loss ${report.logLoss} vs ${baselineReport.logLoss}`);
    assert.equal(
      report.confusion.flat().reduce((a, b) => a + b, 0),
      test.y.length,
    );
  });

  it('accepts a row-major Float32Array with dims and learns the same model', () => {
    const { train } = blobsSplit(12);
    const flat = new Float32Array(train.X.length * 2);
    train.X.forEach((row, i) => flat.set(row, i * 2));
    const fromRows = SoftmaxRegression.fit(train.X, train.y, { seed: 2 });
    const fromFlat = SoftmaxRegression.fit(flat, train.y, { seed: 2, dims: 2 });
    assert.deepEqual(fromFlat.weights, fromRows.weights);
    assert.throws(() => SoftmaxRegression.fit(flat, train.y), MlError);
  });

  it('is deterministic given a seed, and the seed matters', () => {
    const { train } = blobsSplit(13);
    const first = SoftmaxRegression.fit(train.X, train.y, { seed: 9, maxEpochs: 20 });
    const second = SoftmaxRegression.fit(train.X, train.y, { seed: 9, maxEpochs: 20 });
    const other = SoftmaxRegression.fit(train.X, train.y, { seed: 10, maxEpochs: 20 });
    assert.deepEqual(first.toJSON(), second.toJSON());
    assert.notDeepEqual(first.weights, other.weights);
  });

  it('round-trips through plain JSON and predicts identically', () => {
    const { train, test } = blobsSplit(14);
    const model = SoftmaxRegression.fit(train.X, train.y, { seed: 1, standardize: true, classNames: ['a', 'b', 'c'] });
    model.calibrate(test.X.slice(0, 40), test.y.slice(0, 40));
    const restored = SoftmaxRegression.fromJSON(JSON.parse(JSON.stringify(model)) as SoftmaxRegressionJSON);
    assert.deepEqual(restored.classNames, ['a', 'b', 'c']);
    assert.equal(restored.temperature, model.temperature);
    for (const x of test.X) {
      assert.deepEqual(restored.predictProba(x), model.predictProba(x));
      assert.equal(restored.predict(x), model.predict(x));
    }
    assert.throws(() => SoftmaxRegression.fromJSON({ ...model.toJSON(), bias: [0] }), /bias/);
  });

  it('stops early on the validation loss and keeps the best epoch’s weights', () => {
    const overlapping = gaussianBlobs(blobCenters, [120, 120, 120], 2.2, 15);
    const heldOut = gaussianBlobs(blobCenters, [40, 40, 40], 2.2, 16);
    const model = SoftmaxRegression.fit(overlapping.X, overlapping.y, {
      seed: 4,
      l2: 0,
      learningRate: 0.2,
      batchSize: 8,
      maxEpochs: 300,
      patience: 3,
      validation: heldOut,
    });
    const report = model.training!;
    assert.equal(report.stoppedEarly, true);
    assert.ok(report.epochs < 300 && report.bestEpoch <= report.epochs - 3, JSON.stringify({ ...report, history: [] }));
    const losses = report.history.map((h) => h.validationLoss!);
    assert.equal(losses[report.bestEpoch - 1], Math.min(...losses));
    const probabilities = heldOut.X.map((x) => model.predictProba(x));
    assert.ok(Math.abs(logLoss(heldOut.y, probabilities) - losses[report.bestEpoch - 1]!) < 1e-9);
  });

  it('balanced class weights raise the recall of a rare class', () => {
    const data = gaussianBlobs(
      [
        [0, 0],
        [1.5, 0],
      ],
      [600, 60],
      1,
      17,
    );
    const test = gaussianBlobs(
      [
        [0, 0],
        [1.5, 0],
      ],
      [600, 60],
      1,
      18,
    );
    const plain = SoftmaxRegression.fit(data.X, data.y, { seed: 1 });
    const balanced = SoftmaxRegression.fit(data.X, data.y, { seed: 1, classWeights: 'balanced' });
    const plainRecall = evaluateClassifier(plain, test.X, test.y).perClass[1]!.recall;
    const balancedRecall = evaluateClassifier(balanced, test.X, test.y).perClass[1]!.recall;
    assert.ok(balancedRecall > plainRecall + 0.3, `recall ${plainRecall} → ${balancedRecall}`);
  });

  it('standardises badly scaled features inside the model when asked', () => {
    const raw = gaussianBlobs(blobCenters, [100, 100, 100], 0.8, 19);
    const scaled = raw.X.map((x) => Float32Array.of(5000 + 1000 * x[0]!, 0.001 * x[1]!));
    const model = SoftmaxRegression.fit(scaled, raw.y, { seed: 1, standardize: true });
    assert.ok(evaluateClassifier(model, scaled, raw.y).macroF1 > 0.95);
  });

  it('rejects labels outside the classes and rows of the wrong width', () => {
    const X = [Float32Array.of(0, 1), Float32Array.of(1, 0)];
    assert.throws(() => SoftmaxRegression.fit(X, [0, 2], { numClasses: 2 }), {
      name: 'MlError',
      code: 'INVALID_ARGUMENT',
    });
    assert.throws(() => SoftmaxRegression.fit(X, [0.5, 1]), /class index/);
    assert.throws(() => SoftmaxRegression.fit([Float32Array.of(0), Float32Array.of(1, 2)], [0, 1]), /row 1/);
    const model = SoftmaxRegression.fit(X, [0, 1], { validationFraction: 0, maxEpochs: 3 });
    assert.throws(() => model.predict(Float32Array.of(1)), /expects 2 features/);
  });
});
