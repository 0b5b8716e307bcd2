import { orthonormalizeColumns, SeededRandom, symmetricEigen } from '@demand/ml';
import { multiply, multiplyTransposed, type SparseMatrix } from './cooccurrence.js';

export interface TruncatedSvdOptions {
  /** Dimensions kept. */
  rank: number;
  /** Extra directions carried through the iterations for accuracy (default 10). */
  oversampling?: number;
  /** Power iterations (default 3); more separate close singular values better. */
  iterations?: number;
  seed?: number;
}

/**
 * Rows of U·Σ of the rank-k truncated SVD of a sparse matrix (Halko, Martinsson & Tropp's
 * randomized range finder with power iterations): token i's vector is row i, and the inner
 * products of rows are those of the rank-k approximation of M·Mᵀ. Row-major `size × rank`.
 */
export function truncatedSvdRows(matrix: SparseMatrix, options: TruncatedSvdOptions): Float64Array {
  const rank = options.rank;
  const width = Math.min(matrix.size, rank + (options.oversampling ?? 10));
  if (!Number.isInteger(rank) || rank < 1 || rank > width)
    throw new RangeError(`rank must be an integer from 1 to ${width} (got ${rank})`);
  const random = new SeededRandom(options.seed ?? 1);
  let basis = orthonormalizeColumns(
    Float64Array.from({ length: matrix.size * width }, () => random.normal()),
    matrix.size,
    width,
  );
  for (let i = 0; i < (options.iterations ?? 3); i++) {
    const left = orthonormalizeColumns(multiply(matrix, basis, width), matrix.size, width);
    basis = orthonormalizeColumns(multiplyTransposed(matrix, left, width), matrix.size, width);
  }
  // Y = M·Q ≈ U·Σ·(Vᵀ·Q); the eigenvectors of YᵀY rotate it onto U·Σ, largest first.
  const projected = multiply(matrix, basis, width);
  const { vectors } = symmetricEigen(gram(projected, matrix.size, width), width);
  const out = new Float64Array(matrix.size * rank);
  for (let r = 0; r < matrix.size; r++) {
    for (let k = 0; k < rank; k++) {
      let sum = 0;
      for (let j = 0; j < width; j++) sum += (projected[r * width + j] as number) * (vectors[j * width + k] as number);
      out[r * rank + k] = sum;
    }
  }
  return out;
}

function gram(matrix: Float64Array, rows: number, width: number): Float64Array {
  const out = new Float64Array(width * width);
  for (let r = 0; r < rows; r++) {
    const offset = r * width;
    for (let i = 0; i < width; i++) {
      const value = matrix[offset + i] as number;
      if (value === 0) continue;
      for (let j = i; j < width; j++)
        out[i * width + j] = (out[i * width + j] as number) + value * (matrix[offset + j] as number);
    }
  }
  for (let i = 0; i < width; i++) for (let j = 0; j < i; j++) out[i * width + j] = out[j * width + i] as number;
  return out;
}
