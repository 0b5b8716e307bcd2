import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { orthonormalizeColumns } from '@demand/ml';
import { countCooccurrences, multiply, positivePmi, type SparseMatrix } from '../src/training/cooccurrence.js';
import { intoZeroSum } from '../src/training/static-bert-weights.js';
import { truncatedSvdRows } from '../src/training/truncated-svd.js';

function dense(matrix: SparseMatrix): number[][] {
  const rows = Array.from({ length: matrix.size }, () => new Array<number>(matrix.size).fill(0));
  for (let r = 0; r < matrix.size; r++) {
    for (let e = matrix.rowStart[r] as number; e < (matrix.rowStart[r + 1] as number); e++)
      (rows[r] as number[])[matrix.columns[e] as number] = matrix.values[e] as number;
  }
  return rows;
}

describe('co-occurrence counts', () => {
  it('weights window neighbours by 1/distance, symmetrically', () => {
    const counts = dense(
      countCooccurrences([{ ids: [0, 1, 2], context: 'window' }], 3, { window: 2, documentWeight: 0 }),
    );
    assert.deepEqual(counts, [
      [0, 1, 0.5],
      [1, 0, 1],
      [0.5, 1, 0],
    ]);
  });

  it('spreads the document weight over every pair of a whole document, however far apart', () => {
    const counts = dense(
      countCooccurrences([{ ids: [0, 1, 2, 3], context: 'whole' }], 4, { window: 1, documentWeight: 8 }),
    );
    assert.equal(counts[0]?.[3], 2, 'beyond the window: 8 / 4 tokens');
    assert.equal(counts[0]?.[1], 1 + 2, 'inside the window: 1/1 + 8/4');
  });
});

describe('positive PMI', () => {
  it('matches the formula on a hand-computed case and drops negative associations', () => {
    // Pairs (0,1)=4, (0,2)=1, (2,3)=5, both ways: row totals 5, 4, 6, 5; N = 20.
    // With smoothing 1 (plain PMI): pmi(a,b) = log(n_ab · N / (n_a · n_b)).
    const counts: SparseMatrix = {
      size: 4,
      rowStart: Int32Array.from([0, 2, 3, 5, 6]),
      columns: Int32Array.from([1, 2, 0, 0, 3, 2]),
      values: Float64Array.from([4, 1, 4, 1, 5, 5]),
    };
    const ppmi = dense(positivePmi(counts, 1));
    assert.ok(Math.abs((ppmi[0]?.[1] ?? 0) - Math.log((4 * 20) / (5 * 4))) < 1e-12);
    assert.ok(Math.abs((ppmi[2]?.[3] ?? 0) - Math.log((5 * 20) / (6 * 5))) < 1e-12);
    assert.equal(ppmi[0]?.[2], 0, 'log(1·20/(5·6)) < 0 is dropped');
  });
});

describe('truncated SVD', () => {
  it('orthonormalises columns', () => {
    const m = orthonormalizeColumns(Float64Array.from([1, 1, 0, 1, 1, 0]), 3, 2);
    const col = (j: number) => [m[j], m[2 + j], m[4 + j]] as number[];
    const dot = (a: number[], b: number[]) => a.reduce((sum, x, i) => sum + x * (b[i] as number), 0);
    assert.ok(
      Math.abs(dot(col(0), col(0)) - 1) < 1e-12 &&
        Math.abs(dot(col(1), col(1)) - 1) < 1e-12 &&
        Math.abs(dot(col(0), col(1))) < 1e-12,
    );
  });

  it('reproduces the inner products of a rank-2 matrix exactly', () => {
    // M = u·uᵀ·3 + v·vᵀ, u ⟂ v: its rows' inner products are those of M·Mᵀ = M².
    const size = 6;
    const u = [1, 1, 1, 0, 0, 0].map((x) => x / Math.sqrt(3));
    const v = [0, 0, 0, 1, -1, 1].map((x) => x / Math.sqrt(3));
    const entries = new Map<number, number>();
    for (let i = 0; i < size; i++)
      for (let j = 0; j < size; j++) {
        const value = 3 * (u[i] as number) * (u[j] as number) + (v[i] as number) * (v[j] as number);
        if (Math.abs(value) > 1e-15) entries.set(i * size + j, value);
      }
    const keys = [...entries.keys()].sort((a, b) => a - b);
    const rowStart = new Int32Array(size + 1);
    keys.forEach(
      (key) => (rowStart[Math.floor(key / size) + 1] = (rowStart[Math.floor(key / size) + 1] as number) + 1),
    );
    for (let r = 0; r < size; r++) rowStart[r + 1] = (rowStart[r + 1] as number) + (rowStart[r] as number);
    const matrix: SparseMatrix = {
      size,
      rowStart,
      columns: Int32Array.from(keys, (k) => k % size),
      values: Float64Array.from(keys, (k) => entries.get(k) as number),
    };
    const rows = truncatedSvdRows(matrix, { rank: 2, oversampling: 2, seed: 3 });
    const squared = multiply(
      matrix,
      Float64Array.from({ length: size * size }, (_, k) => (Math.floor(k / size) === k % size ? 1 : 0)),
      size,
    );
    for (let i = 0; i < size; i++)
      for (let j = 0; j < size; j++) {
        let expected = 0;
        for (let k = 0; k < size; k++)
          expected += (squared[i * size + k] as number) * (squared[j * size + k] as number);
        const actual =
          (rows[i * 2] as number) * (rows[j * 2] as number) + (rows[i * 2 + 1] as number) * (rows[j * 2 + 1] as number);
        assert.ok(Math.abs(actual - expected) < 1e-9, `(${i},${j}): ${actual} vs ${expected}`);
      }
  });
});

describe('intoZeroSum', () => {
  it('keeps inner products and sums to zero', () => {
    const a = [0.3, -1.2, 2, 0.5];
    const b = [1, 0.25, -0.5, 3];
    const x = intoZeroSum(a, 5);
    const y = intoZeroSum(b, 5);
    const dot = (p: ArrayLike<number>, q: ArrayLike<number>) =>
      Array.from(p).reduce((sum, value, i) => sum + value * (q[i] as number), 0);
    assert.ok(Math.abs(x.reduce((sum, value) => sum + value, 0)) < 1e-6);
    assert.ok(Math.abs(dot(x, y) - dot(a, b)) < 1e-5);
    assert.ok(Math.abs(dot(x, x) - dot(a, a)) < 1e-5);
  });
});
