import { orthonormalizeColumns, SeededRandom, symmetricEigen } from '@demand/ml';
import { invalidArgument } from './errors.js';
import type { Rows } from './kmeans.js';

export interface PcaJSON {
  mean: number[];
  /** Principal axes, unit length, largest variance first. */
  components: number[][];
  /** Variance along each axis. */
  variances: number[];
}

/**
 * Principal component analysis by the eigen-decomposition of the covariance matrix (cyclic Jacobi), exact to
 * rounding for close or equal variances. A few axes of a wide covariance (dims + 8 ≤ width / 4, width ≥ 64)
 * come from subspace iteration instead, to a residual of 1e-10 × the largest variance (or the Ritz pairs
 * after 500 iterations). Asked for more axes than the rows have directions (rank), it still gives that many:
 * the extra axes have variance 0 and are orthogonal to the others, so `transform` always has the length
 * asked for and the projections stay uncorrelated.
 */
export class Pca {
  private constructor(
    readonly mean: Float64Array,
    readonly components: Float64Array[],
    readonly variances: number[],
  ) {}

  static fit(rows: Rows, dims: number): Pca {
    if (rows.length === 0) throw invalidArgument('cannot fit PCA on no rows');
    const width = rows[0]!.length;
    if (!Number.isInteger(dims) || dims < 1 || dims > width)
      throw invalidArgument(`PCA dims must be in 1..${width} (got ${dims})`);
    const mean = new Float64Array(width);
    for (const x of rows) for (let j = 0; j < width; j++) mean[j] = mean[j]! + x[j]! / rows.length;
    const cov = new Float64Array(width * width);
    for (const x of rows) {
      for (let a = 0; a < width; a++) {
        const da = x[a]! - mean[a]!;
        for (let b = a; b < width; b++)
          cov[a * width + b] = cov[a * width + b]! + (da * (x[b]! - mean[b]!)) / rows.length;
      }
    }
    for (let a = 0; a < width; a++) for (let b = 0; b < a; b++) cov[a * width + b] = cov[b * width + a]!;
    const few = width >= SUBSPACE_MIN_WIDTH && dims + OVERSAMPLING <= width / 4;
    const { values, vectors, columns } = (few && leadingEigen(cov, width, dims)) || {
      ...symmetricEigen(cov, width),
      columns: width,
    };
    const components: Float64Array[] = [];
    const variances: number[] = [];
    for (let c = 0; c < dims; c++) {
      let axis = Float64Array.from({ length: width }, (_, j) => vectors[j * columns + c]!);
      // A sign convention, so a re-fit on the same data gives the same axes.
      const anchor = axis.reduce((best, x, j) => (Math.abs(x) > Math.abs(axis[best]!) ? j : best), 0);
      if (axis[anchor]! < 0) axis = axis.map((x) => -x);
      components.push(axis);
      // A covariance has no negative variance: a negative eigenvalue is rounding around 0.
      variances.push(Math.max(0, values[c]!));
    }
    return new Pca(mean, components, variances);
  }

  get dims(): number {
    return this.components.length;
  }

  transform(x: ArrayLike<number>): Float64Array {
    const out = new Float64Array(this.components.length);
    this.writeTransform(x, out, 0);
    return out;
  }

  /** `transform` written into `out` from `offset`. */
  writeTransform(x: ArrayLike<number>, out: { [index: number]: number }, offset: number): void {
    if (x.length !== this.mean.length) throw invalidArgument(`PCA expects ${this.mean.length} values, got ${x.length}`);
    for (let c = 0; c < this.components.length; c++) {
      const axis = this.components[c]!;
      let s = 0;
      for (let j = 0; j < axis.length; j++) s += (x[j]! - this.mean[j]!) * axis[j]!;
      out[offset + c] = s;
    }
  }

  toJSON(): PcaJSON {
    return { mean: [...this.mean], components: this.components.map((c) => [...c]), variances: [...this.variances] };
  }

  static fromJSON(json: PcaJSON): Pca {
    const width = json?.mean?.length;
    if (!width || !Array.isArray(json.components) || json.components.some((c) => c.length !== width))
      throw invalidArgument('not a PCA (mean and components of one width)');
    return new Pca(
      Float64Array.from(json.mean),
      json.components.map((c) => Float64Array.from(c)),
      [...json.variances],
    );
  }
}

/** Widths from which a few axes come from subspace iteration rather than the full decomposition. */
const SUBSPACE_MIN_WIDTH = 64;
/** Extra directions the subspace iteration carries, so that the axes asked for converge at a good rate. */
const OVERSAMPLING = 8;
const MAX_ITERATIONS = 500;
/** Converged when ‖C·x − θ·x‖ ≤ this × the largest variance for each axis asked for. */
const RESIDUAL = 1e-10;

/**
 * The `count` leading eigenpairs of a covariance `cov` (n × n) by block (subspace) iteration with
 * Rayleigh–Ritz: C·Q, re-orthonormalised, and the Ritz pairs from the small (count + oversampling)² matrix
 * Qᵀ·C·Q through `symmetricEigen`. O(n² · (count + oversampling)) an iteration rather than O(n³) a sweep.
 * The start is a fixed pseudo-random block, so the result is deterministic. `undefined` where the block
 * loses a direction (the fit then falls back to the full decomposition).
 */
function leadingEigen(
  cov: Float64Array,
  n: number,
  count: number,
): { values: Float64Array; vectors: Float64Array; columns: number } | undefined {
  const m = count + OVERSAMPLING;
  let largest = 0;
  for (const x of cov) largest = Math.max(largest, Math.abs(x));
  if (largest === 0) return undefined;
  // Scaled to entries of at most 1 (so the largest eigenvalue is at least 1), which makes
  // orthonormalizeColumns' absolute threshold for a vanished column a relative one.
  const a = Float64Array.from(cov, (x) => x / largest);
  const random = new SeededRandom(1);
  let q = orthonormalizeColumns(
    Float64Array.from({ length: n * m }, () => random.normal()),
    n,
    m,
  );
  for (let iteration = 0; ; iteration++) {
    if (q.some(Number.isNaN) || !fullRank(q, n, m)) return undefined;
    const aq = multiplySquare(a, q, n, m);
    const small = new Float64Array(m * m);
    for (let i = 0; i < m; i++) {
      for (let j = i; j < m; j++) {
        let s = 0;
        for (let r = 0; r < n; r++) s += q[r * m + i]! * aq[r * m + j]!;
        small[i * m + j] = s;
        small[j * m + i] = s;
      }
    }
    const ritz = symmetricEigen(small, m);
    const x = rotate(q, ritz.vectors, n, m);
    const ax = rotate(aq, ritz.vectors, n, m);
    const converged = Array.from({ length: count }, (_, c) => {
      let residual = 0;
      for (let r = 0; r < n; r++) residual += (ax[r * m + c]! - ritz.values[c]! * x[r * m + c]!) ** 2;
      return Math.sqrt(residual) <= RESIDUAL * ritz.values[0]!;
    }).every(Boolean);
    if (converged || iteration === MAX_ITERATIONS) {
      return { values: ritz.values.map((v) => v * largest), vectors: x, columns: m };
    }
    // Directions C all but annihilates (rank below the block) keep their Ritz vector instead of C·x ≈ 0.
    for (let c = 0; c < m; c++) {
      if (Math.abs(ritz.values[c]!) > 1e-9 * ritz.values[0]!) continue;
      for (let r = 0; r < n; r++) ax[r * m + c] = x[r * m + c]!;
    }
    q = orthonormalizeColumns(ax, n, m);
  }
}

/** A·B for a symmetric n × n A and a row-major n × m B. */
function multiplySquare(a: Float64Array, b: Float64Array, n: number, m: number): Float64Array {
  const out = new Float64Array(n * m);
  for (let r = 0; r < n; r++) {
    for (let k = 0; k < n; k++) {
      const ark = a[r * n + k]!;
      if (ark === 0) continue;
      for (let j = 0; j < m; j++) out[r * m + j] = out[r * m + j]! + ark * b[k * m + j]!;
    }
  }
  return out;
}

/** B·W for a row-major n × m B and m × m W. */
function rotate(b: Float64Array, w: Float64Array, n: number, m: number): Float64Array {
  const out = new Float64Array(n * m);
  for (let r = 0; r < n; r++) {
    for (let k = 0; k < m; k++) {
      const brk = b[r * m + k]!;
      for (let j = 0; j < m; j++) out[r * m + j] = out[r * m + j]! + brk * w[k * m + j]!;
    }
  }
  return out;
}

/** Whether no column of the orthonormalised block vanished. */
function fullRank(q: Float64Array, n: number, m: number): boolean {
  for (let c = 0; c < m; c++) {
    let norm = 0;
    for (let r = 0; r < n; r++) norm += q[r * m + c]! ** 2;
    if (norm < 0.5) return false;
  }
  return true;
}
