import { symmetricEigen } from '@demand/ml';
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
 * rounding for close or equal variances. Asked for more axes than the rows have directions (rank), it still
 * gives that many: the extra axes have variance 0 and are orthogonal to the others, so `transform` always
 * has the length asked for and the projections stay uncorrelated.
 */
export class Pca {
  private constructor(
    readonly mean: Float64Array,
    readonly components: Float64Array[],
    readonly variances: number[],
  ) {}

  /** `_seed` is ignored: the decomposition is deterministic. Kept so that callers of the older fit compile. */
  static fit(rows: Rows, dims: number, _seed?: number): Pca {
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
    const { values, vectors } = symmetricEigen(cov, width);
    const components: Float64Array[] = [];
    const variances: number[] = [];
    for (let c = 0; c < dims; c++) {
      let axis = Float64Array.from({ length: width }, (_, j) => vectors[j * width + c]!);
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
