import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { cholesky, forwardSubstitute } from '../src/index.js';

describe('Cholesky factor and forward substitution', () => {
  it('factors a hand-checked matrix and turns distances into Mahalanobis distances', () => {
    // [[4, 2], [2, 3]] = L·Lᵀ with L = [[2, 0], [1, √2]].
    const factor = cholesky([
      [4, 2],
      [2, 3],
    ]);
    assert.deepEqual(
      factor.map((r) => [...r]),
      [
        [2, 0],
        [1, Math.SQRT2],
      ],
    );
    // xᵀ A⁻¹ x with A⁻¹ = [[3, −2], [−2, 4]] / 8: for x = (2, 1): (12 − 8 + 4) / 8 = 1.
    const z = forwardSubstitute(factor, [2, 1]);
    assert.ok(Math.abs(z[0]! ** 2 + z[1]! ** 2 - 1) < 1e-12, 'squared Mahalanobis length');
    // Only the lower triangle is read: a ragged factor (as saved) substitutes alike.
    assert.deepEqual([...forwardSubstitute([[2], [1, Math.SQRT2]], [2, 1])], [...z]);
  });

  it('throws on a matrix that is not positive definite unless pivots are floored', () => {
    const indefinite = [
      [1, 2],
      [2, 1],
    ];
    assert.throws(() => cholesky(indefinite), /not positive definite/);
    // Pivot 1 − 4 = −3 floored at 0.25: L = [[1, 0], [2, 0.5]].
    assert.deepEqual(
      cholesky(indefinite, { minPivot: 0.25 }).map((r) => [...r]),
      [
        [1, 0],
        [2, 0.5],
      ],
    );
  });
});
