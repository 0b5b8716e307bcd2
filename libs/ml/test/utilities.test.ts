import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import {
  cosine,
  dot,
  l2Normalize,
  MajorityClassClassifier,
  SeededRandom,
  Standardizer,
  stratifiedSplit,
  toRows,
} from '../src/index.js';
import { assertClose } from './synthetic.js';

describe('stratifiedSplit', () => {
  const y = [...new Array<number>(100).fill(0), ...new Array<number>(20).fill(1), 2];

  it('cuts every class by the same fractions, disjointly and completely', () => {
    const split = stratifiedSplit(y, { validation: 0.1, test: 0.2, seed: 3 });
    const count = (indices: number[], label: number) => indices.filter((i) => y[i] === label).length;
    assert.deepEqual([count(split.validation, 0), count(split.validation, 1)], [10, 2]);
    assert.deepEqual([count(split.test, 0), count(split.test, 1)], [20, 4]);
    assert.equal(count(split.train, 2), 1, 'a lone example stays in train');
    const all = [...split.train, ...split.validation, ...split.test].sort((a, b) => a - b);
    assert.deepEqual(
      all,
      y.map((_, i) => i),
    );
  });

  it('is seeded', () => {
    assert.deepEqual(stratifiedSplit(y, { test: 0.3, seed: 1 }), stratifiedSplit(y, { test: 0.3, seed: 1 }));
    assert.notDeepEqual(
      stratifiedSplit(y, { test: 0.3, seed: 1 }).test,
      stratifiedSplit(y, { test: 0.3, seed: 2 }).test,
    );
    assert.throws(() => stratifiedSplit(y, { validation: 0.5, test: 0.5 }), /below 1/);
  });
});

describe('Standardizer', () => {
  it('centres and scales each feature (constant features only centred)', () => {
    const standardizer = Standardizer.fit([Float32Array.of(1, 10), Float32Array.of(3, 10)]);
    assert.deepEqual([...standardizer.mean], [2, 10]);
    assert.deepEqual([...standardizer.std], [1, 1]);
    assert.deepEqual([...standardizer.transform(Float32Array.of(3, 12))], [1, 2]);
    const restored = Standardizer.fromJSON(JSON.parse(JSON.stringify(standardizer)));
    assert.deepEqual(restored.transform(Float32Array.of(0, 0)), standardizer.transform(Float32Array.of(0, 0)));
  });

  it('writes the transform into a given array, rounded to single precision as transform returns it', () => {
    const standardizer = Standardizer.fit([Float32Array.of(0.1, 7), Float32Array.of(0.4, 3), Float32Array.of(1, 2)]);
    const x = Float64Array.of(0.3, 5.5);
    const row = Float64Array.from(x);
    standardizer.transformInto(row, row);
    assert.deepEqual([...row], [...standardizer.transform(x)]);
    assert.notEqual(row[0], (0.3 - standardizer.mean[0]!) / standardizer.std[0]!, 'the double-precision value');
    assert.throws(() => standardizer.transformInto([1, 2, 3], new Float64Array(3)), /expects 2 features, got 3/);
    assert.throws(() => standardizer.transformInto(x, new Float64Array(1)), /writes 2 values, room for 1/);
  });
});

describe('vectors and rows', () => {
  it('dot, cosine, L2 normalisation', () => {
    assert.equal(dot([1, 2, 3], [4, 5, 6]), 32);
    assertClose(cosine([1, 0], [1, 1]), Math.SQRT1_2);
    assert.equal(cosine([0, 0], [1, 1]), 0);
    assert.deepEqual([...l2Normalize([3, 4])], [Math.fround(0.6), Math.fround(0.8)]);
    assert.deepEqual([...l2Normalize([0, 0])], [0, 0]);
    assert.throws(() => dot([1], [1, 2]), /lengths differ/);
  });

  it('row-major data becomes row views without copying', () => {
    const flat = Float32Array.of(1, 2, 3, 4, 5, 6);
    const rows = toRows(flat, 3);
    assert.deepEqual(
      rows.map((r) => [...r]),
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
    );
    flat[4] = 50;
    assert.equal(rows[1]![1], 50);
    assert.throws(() => toRows(flat, 4), /multiple/);
  });
});

describe('SeededRandom', () => {
  it('repeats its stream for a seed and draws standard normals', () => {
    const a = new SeededRandom(42);
    const b = new SeededRandom(42);
    const first = Array.from({ length: 5 }, () => a.next());
    assert.deepEqual(
      first,
      Array.from({ length: 5 }, () => b.next()),
    );
    assert.notDeepEqual(
      first,
      Array.from({ length: 5 }, () => new SeededRandom(43).next()),
    );
    const normals = Array.from({ length: 20000 }, () => a.normal());
    const mean = normals.reduce((s, v) => s + v, 0) / normals.length;
    const variance = normals.reduce((s, v) => s + (v - mean) ** 2, 0) / normals.length;
    assert.ok(Math.abs(mean) < 0.03 && Math.abs(variance - 1) < 0.05, `mean ${mean}, variance ${variance}`);
  });
});

describe('MajorityClassClassifier', () => {
  it('predicts the most frequent class with the class frequencies as probabilities', () => {
    const X = [0, 1, 2, 3, 4].map((v) => Float32Array.of(v));
    const baseline = MajorityClassClassifier.fit(X, [0, 1, 1, 2, 1]);
    assert.equal(baseline.predict(Float32Array.of(99)), 1);
    assert.deepEqual([...baseline.predictProba(Float32Array.of(0))], [0.2, 0.6, 0.2]);
    const restored = MajorityClassClassifier.fromJSON(JSON.parse(JSON.stringify(baseline)));
    assert.deepEqual(restored.predictProba(Float32Array.of(0)), baseline.predictProba(Float32Array.of(0)));
  });
});
