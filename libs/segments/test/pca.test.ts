import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { SeededRandom, symmetricEigen } from '@demand/ml';
import { Pca } from '../src/index.js';

const TOLERANCE = 1e-12;

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
};
const scaled = (s: number, v: readonly number[]) => v.map((x) => s * x);

/** ±s·u for each (s, u): centred rows whose variance along the unit vector u is 2s²/n and 0 off the u's span. */
function plusMinus(pairs: readonly [number, readonly number[]][]): number[][] {
  return pairs.flatMap(([s, u]) => [scaled(s, u), scaled(-s, u)]);
}

/** Unit axes, and each reported variance the variance of the rows along its axis, with no covariance between axes. */
function assertConsistent(pca: Pca, rows: readonly number[][]): void {
  const projected = rows.map((x) => pca.transform(x));
  for (let c = 0; c < pca.dims; c++) {
    for (let d = c; d < pca.dims; d++) {
      assert.ok(
        Math.abs(dot(pca.components[c]!, pca.components[d]!) - (c === d ? 1 : 0)) < TOLERANCE,
        `axes ${c}·${d}`,
      );
      const covariance = projected.reduce((sum, z) => sum + z[c]! * z[d]!, 0) / rows.length;
      const expected = c === d ? pca.variances[c]! : 0;
      assert.ok(Math.abs(covariance - expected) < TOLERANCE, `covariance of axes ${c}, ${d}: ${covariance}`);
    }
  }
}

// An orthonormal basis of R³ with no zero entries, so that no axis is a coordinate axis.
const U1 = [2 / 3, 2 / 3, 1 / 3];
const U2 = [2 / 3, -1 / 3, -2 / 3];
const U3 = [1 / 3, -2 / 3, 2 / 3];

describe('Pca.fit', () => {
  // The previous fit (power iteration with deflation) passed this case too: it only tightens the tolerance.
  it('finds the eigenpairs of a hand-checked 2 × 2 covariance', () => {
    // Covariance [[2, 1], [1, 2]]: eigenvalue 3 along (1, 1)/√2 and 1 along (1, −1)/√2.
    const rows = plusMinus([
      [Math.sqrt(3), [1, 1]],
      [1, [1, -1]],
    ]);
    const pca = Pca.fit(rows, 2);
    assert.ok(Math.abs(pca.variances[0]! - 3) < TOLERANCE && Math.abs(pca.variances[1]! - 1) < TOLERANCE);
    assert.ok(Math.abs(pca.components[0]![0]! - Math.SQRT1_2) < TOLERANCE);
    assert.ok(Math.abs(pca.components[0]![1]! - Math.SQRT1_2) < TOLERANCE);
    assertConsistent(pca, rows);
  });

  // Failed on the previous fit (power iteration with deflation): its first two axes had |dot| 0.719 with each other.
  it('separates axes whose variances differ by 0.1 %', () => {
    // Six rows: variance s²/3 along each u, i.e. 1, 0.999 and 0.1.
    const rows = plusMinus([
      [Math.sqrt(3), U1],
      [Math.sqrt(3 * 0.999), U2],
      [Math.sqrt(0.3), U3],
    ]);
    const pca = Pca.fit(rows, 3);
    [1, 0.999, 0.1].forEach((variance, c) => assert.ok(Math.abs(pca.variances[c]! - variance) < TOLERANCE));
    [U1, U2, U3].forEach((u, c) => assert.ok(Math.abs(Math.abs(dot(pca.components[c]!, u)) - 1) < TOLERANCE));
    assertConsistent(pca, rows);
  });

  it('gives any orthonormal pair of a plane of equal variance, and the rest in order', () => {
    const rows = plusMinus([
      [Math.sqrt(3), U1],
      [Math.sqrt(3), U2],
      [Math.sqrt(6), U3],
    ]);
    const pca = Pca.fit(rows, 3);
    [2, 1, 1].forEach((variance, c) => assert.ok(Math.abs(pca.variances[c]! - variance) < TOLERANCE));
    assert.ok(Math.abs(Math.abs(dot(pca.components[0]!, U3)) - 1) < TOLERANCE);
    assertConsistent(pca, rows);
  });

  // Failed on the previous fit: past the rank its axes were not orthogonal (axes 0 and 5: dot 0.924).
  it('gives axes beyond the rank of the data variance 0, orthogonal to the others', () => {
    // Rank 2 in R⁸: variance 2 along (1, …, 1)/√8 and 0.5 along (1, −1, …)/√8; every other direction 0.
    const even = Array.from({ length: 8 }, () => 1 / Math.sqrt(8));
    const odd = even.map((x, i) => (i % 2 === 0 ? x : -x));
    const rows = plusMinus([
      [2, even],
      [1, odd],
    ]);
    const pca = Pca.fit(rows, 8);
    assert.equal(pca.dims, 8);
    assert.ok(Math.abs(pca.variances[0]! - 2) < TOLERANCE && Math.abs(pca.variances[1]! - 0.5) < TOLERANCE);
    for (let c = 2; c < 8; c++) assert.ok(pca.variances[c]! >= 0 && pca.variances[c]! < TOLERANCE, `axis ${c}`);
    assertConsistent(pca, rows);
  });

  it('is consistent on fewer rows than features and on random data, and deterministic', () => {
    const random = new SeededRandom(3);
    const few = Array.from({ length: 4 }, () => Array.from({ length: 10 }, () => random.normal()));
    assertConsistent(Pca.fit(few, 10), few);
    const mixing = Array.from({ length: 6 }, () => Array.from({ length: 6 }, () => random.normal()));
    const many = Array.from({ length: 300 }, () => {
      const z = mixing.map(() => random.normal());
      return mixing.map((row) => dot(row, z));
    });
    const pca = Pca.fit(many, 6);
    assertConsistent(pca, many);
    for (let c = 1; c < 6; c++) assert.ok(pca.variances[c - 1]! >= pca.variances[c]!);
    assert.deepEqual(Pca.fit(many, 6).toJSON(), pca.toJSON());
  });

  describe('a few axes of a wide covariance (subspace iteration)', () => {
    const WIDTH = 96;
    /** Rows along `rank` random directions of falling spread, plus noise of `noise`, and their exact eigenpairs. */
    function wide(rows: number, rank: number, noise: number) {
      const random = new SeededRandom(11);
      const directions = Array.from({ length: rank }, () =>
        Array.from({ length: WIDTH }, () => random.normal() / Math.sqrt(WIDTH)),
      );
      const data = Array.from({ length: rows }, () => {
        const x = Array.from({ length: WIDTH }, () => noise * random.normal());
        directions.forEach((u, d) => {
          const z = (random.normal() * (rank - d)) / rank;
          for (let j = 0; j < WIDTH; j++) x[j]! += z * u[j]!;
        });
        return x;
      });
      const mean = Array.from({ length: WIDTH }, (_, j) => data.reduce((a, x) => a + x[j]!, 0) / rows);
      const cov = new Float64Array(WIDTH * WIDTH);
      for (const x of data)
        for (let a = 0; a < WIDTH; a++)
          for (let b = 0; b < WIDTH; b++) cov[a * WIDTH + b] += ((x[a]! - mean[a]!) * (x[b]! - mean[b]!)) / rows;
      return { data, exact: symmetricEigen(cov, WIDTH) };
    }

    it('agrees with the full decomposition, and is deterministic', () => {
      const { data, exact } = wide(400, 6, 0.3);
      const pca = Pca.fit(data, 4);
      for (let c = 0; c < 4; c++) {
        assert.ok(Math.abs(pca.variances[c]! / exact.values[c]! - 1) < 1e-9, `variance ${c}`);
        const axis = Array.from({ length: WIDTH }, (_, j) => exact.vectors[j * WIDTH + c]!);
        assert.ok(Math.abs(Math.abs(dot(pca.components[c]!, axis)) - 1) < 1e-8, `axis ${c}`);
      }
      assertConsistent(pca, data);
      assert.deepEqual(Pca.fit(data, 4).toJSON(), pca.toJSON());
    });

    it('gives axes beyond the rank variance 0, orthonormal', () => {
      const { data } = wide(200, 2, 0);
      const pca = Pca.fit(data, 5);
      for (let c = 2; c < 5; c++) assert.ok(pca.variances[c]! < 1e-9 * pca.variances[0]!, `axis ${c}`);
      assertConsistent(pca, data);
    });
  });
});
