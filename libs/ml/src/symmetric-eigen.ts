import { invalidArgument } from './ml.error.js';

export interface SymmetricEigen {
  /** Eigenvalues, largest first (equal ones in the order of the diagonal they converged on). */
  values: Float64Array;
  /** Eigenvectors as the columns of a row-major n × n matrix, unit length and orthogonal to rounding. */
  vectors: Float64Array;
}

/**
 * Eigen-decomposition of a small symmetric matrix (row-major n × n) by cyclic Jacobi rotations. Each rotation
 * zeroes one off-diagonal pair; sweeps repeat until the off-diagonal mass is rounding next to the whole
 * matrix. Close and repeated eigenvalues cost it nothing in accuracy, and the eigenvectors come out
 * orthonormal whatever the spectrum (for a rank-deficient matrix too). O(n³) per sweep, a handful of sweeps.
 */
export function symmetricEigen(input: ArrayLike<number>, n: number): SymmetricEigen {
  if (!Number.isInteger(n) || n < 1 || input.length !== n * n)
    throw invalidArgument(`need an n × n matrix (n = ${n}, ${input.length} values)`);
  let largest = 0;
  for (let i = 0; i < n * n; i++) {
    if (!Number.isFinite(input[i])) throw invalidArgument(`matrix entry ${i} is not a finite number (${input[i]})`);
    largest = Math.max(largest, Math.abs(input[i]!));
  }
  // Scaled to entries of at most 1, so that the sums of squares below neither underflow nor overflow.
  const scale = largest || 1;
  const a = Float64Array.from(input, (x) => x / scale);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  let total = 0;
  for (let i = 0; i < n * n; i++) total += a[i]! ** 2;
  const negligible = Number.EPSILON ** 2 * total;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p * n + q]! ** 2;
    if (off <= negligible) break;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) rotate(a, v, n, p, q);
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => a[j * n + j]! - a[i * n + i]!);
  const values = Float64Array.from(order, (i) => a[i * n + i]! * scale);
  const vectors = new Float64Array(n * n);
  for (let r = 0; r < n; r++) order.forEach((source, k) => (vectors[r * n + k] = v[r * n + source]!));
  return { values, vectors };
}

/** a ← Jᵀ·a·J and v ← v·J for the plane rotation J in (p, q) that zeroes a[p][q]. */
function rotate(a: Float64Array, v: Float64Array, n: number, p: number, q: number): void {
  const apq = a[p * n + q]!;
  if (apq === 0) return;
  const theta = (a[q * n + q]! - a[p * n + p]!) / (2 * apq);
  // The smaller root of t² + 2θt − 1 = 0 (a rotation of at most 45°), written to avoid cancellation.
  const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
  const c = 1 / Math.sqrt(t * t + 1);
  const s = t * c;
  for (let k = 0; k < n; k++) {
    const [akp, akq] = [a[k * n + p]!, a[k * n + q]!];
    a[k * n + p] = c * akp - s * akq;
    a[k * n + q] = s * akp + c * akq;
  }
  for (let k = 0; k < n; k++) {
    const [apk, aqk] = [a[p * n + k]!, a[q * n + k]!];
    a[p * n + k] = c * apk - s * aqk;
    a[q * n + k] = s * apk + c * aqk;
  }
  // Zero by construction; rounding would otherwise leave it at ε·|a|.
  a[p * n + q] = 0;
  a[q * n + p] = 0;
  for (let k = 0; k < n; k++) {
    const [vkp, vkq] = [v[k * n + p]!, v[k * n + q]!];
    v[k * n + p] = c * vkp - s * vkq;
    v[k * n + q] = s * vkp + c * vkq;
  }
}
