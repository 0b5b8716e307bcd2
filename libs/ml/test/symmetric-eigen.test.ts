import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { MlError, symmetricEigen } from '../src/index.js';

/** max |Vᵀ·A·V − diag(values)| and max |Vᵀ·V − I| for the eigenvectors V (columns, row-major). */
function residuals(a: readonly number[], n: number) {
  const { values, vectors } = symmetricEigen(a, n);
  const at = (m: ArrayLike<number>, r: number, c: number) => m[r * n + c]!;
  let [decomposition, orthogonality] = [0, 0];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let [vav, vv] = [0, 0];
      for (let r = 0; r < n; r++) {
        vv += at(vectors, r, i) * at(vectors, r, j);
        for (let c = 0; c < n; c++) vav += at(vectors, r, i) * at(a, r, c) * at(vectors, c, j);
      }
      decomposition = Math.max(decomposition, Math.abs(vav - (i === j ? values[i]! : 0)));
      orthogonality = Math.max(orthogonality, Math.abs(vv - (i === j ? 1 : 0)));
    }
  }
  return { values: [...values], decomposition, orthogonality };
}

describe('symmetricEigen (cyclic Jacobi)', () => {
  it('finds the eigenpairs of a symmetric matrix, largest first', () => {
    // [[2, 1], [1, 2]] ⊕ [5]: eigenvalues 5 (along e₃), 3 and 1.
    const { values, vectors } = symmetricEigen([2, 1, 0, 1, 2, 0, 0, 0, 5], 3);
    assert.deepEqual(
      [...values].map((v) => Number(v.toFixed(12))),
      [5, 3, 1],
    );
    assert.deepEqual(
      [vectors[0], vectors[3], vectors[6]].map((v) => Math.abs(v!)),
      [0, 0, 1],
    );
    assert.ok(residuals([2, 1, 0, 1, 2, 0, 0, 0, 5], 3).decomposition < 1e-14);
  });

  it('is as exact at any scale, and for repeated and zero eigenvalues', () => {
    // The all-ones 4 × 4 matrix times s: eigenvalue 4s once and 0 three times.
    for (const scale of [1e-15, 1e-12, 1e-9, 1, 1e9]) {
      const { values, decomposition, orthogonality } = residuals(new Array(16).fill(scale), 4);
      assert.ok(Math.abs(values[0]! - 4 * scale) < 1e-14 * scale, `scale ${scale}`);
      for (const v of values.slice(1)) assert.ok(Math.abs(v) < 1e-14 * scale, `scale ${scale}: ${v}`);
      assert.ok(decomposition < 1e-14 * scale && orthogonality < 1e-14, `scale ${scale}`);
    }
  });

  it('keeps tiny and huge entries whose squares would underflow or overflow', () => {
    // [[s, s], [s, s]]: eigenvalues 2s and 0. Unscaled, s² underflows to 0 and the matrix counts as diagonal.
    for (const scale of [1e-170, 1e170]) {
      const { values } = symmetricEigen([scale, scale, scale, scale], 2);
      assert.ok(Math.abs(values[0]! - 2 * scale) < 1e-14 * scale, `scale ${scale}: ${values[0]}`);
      assert.ok(Math.abs(values[1]!) < 1e-14 * scale, `scale ${scale}: ${values[1]}`);
    }
  });

  it('rejects a matrix that is not n × n, or has an entry that is not finite', () => {
    assert.throws(() => symmetricEigen([1, 2, 3], 2), MlError);
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])
      assert.throws(() => symmetricEigen([1, bad, bad, 1], 2), MlError);
  });
});
