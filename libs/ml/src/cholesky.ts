import { invalidArgument } from './ml.error.js';

export interface CholeskyOptions {
  /**
   * Floor for each squared pivot: a matrix that is only semi-definite (or indefinite by rounding) still
   * factors, and nothing is thrown. Without it, a pivot that is not positive throws.
   */
  minPivot?: number;
}

/** Lower-triangular L with L·Lᵀ = a, for a symmetric positive-definite a (only its lower triangle is read). */
export function cholesky(a: readonly ArrayLike<number>[], options: CholeskyOptions = {}): Float64Array[] {
  const { minPivot } = options;
  const n = a.length;
  const l = Array.from({ length: n }, () => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i]![j]!;
      for (let p = 0; p < j; p++) sum -= l[i]![p]! * l[j]![p]!;
      if (i !== j) l[i]![j] = sum / l[j]![j]!;
      else if (minPivot !== undefined) l[i]![i] = Math.sqrt(Math.max(sum, minPivot));
      else if (sum > 0) l[i]![i] = Math.sqrt(sum);
      else throw invalidArgument('the matrix is not positive definite');
    }
  }
  return l;
}

/**
 * L⁻¹b for a lower-triangular L (forward substitution; only the lower triangle is read). With L a
 * covariance's Cholesky factor, squared distances between such vectors are Mahalanobis distances.
 */
export function forwardSubstitute(l: readonly ArrayLike<number>[], b: ArrayLike<number>): Float64Array {
  const n = l.length;
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = b[i]!;
    for (let p = 0; p < i; p++) sum -= l[i]![p]! * z[p]!;
    z[i] = sum / l[i]![i]!;
  }
  return z;
}
