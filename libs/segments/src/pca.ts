import { SeededRandom } from '@demand/ml';
import { invalidArgument } from './errors.js';
import type { Rows } from './kmeans.js';

export interface PcaJSON {
  mean: number[];
  /** Principal axes, unit length, largest variance first. */
  components: number[][];
  /** Variance along each axis. */
  variances: number[];
}

/** Principal component analysis by power iteration with deflation on the covariance matrix. */
export class Pca {
  private constructor(
    readonly mean: Float64Array,
    readonly components: Float64Array[],
    readonly variances: number[],
  ) {}

  static fit(rows: Rows, dims: number, seed = 1): Pca {
    if (rows.length === 0) throw invalidArgument('cannot fit PCA on no rows');
    const width = rows[0]!.length;
    if (!Number.isInteger(dims) || dims < 1 || dims > width)
      throw invalidArgument(`PCA dims must be in 1..${width} (got ${dims})`);
    const mean = new Float64Array(width);
    for (const x of rows) for (let j = 0; j < width; j++) mean[j] = mean[j]! + x[j]! / rows.length;
    const cov = Array.from({ length: width }, () => new Float64Array(width));
    for (const x of rows) {
      for (let a = 0; a < width; a++) {
        const da = x[a]! - mean[a]!;
        const row = cov[a]!;
        for (let b = a; b < width; b++) row[b] = row[b]! + (da * (x[b]! - mean[b]!)) / rows.length;
      }
    }
    for (let a = 0; a < width; a++) for (let b = 0; b < a; b++) cov[a]![b] = cov[b]![a]!;
    const random = new SeededRandom(seed);
    const components: Float64Array[] = [];
    const variances: number[] = [];
    for (let c = 0; c < dims; c++) {
      let v = Float64Array.from({ length: width }, () => random.normal());
      let lambda = 0;
      for (let it = 0; it < 500; it++) {
        const next = new Float64Array(width);
        for (let a = 0; a < width; a++) {
          let s = 0;
          for (let b = 0; b < width; b++) s += cov[a]![b]! * v[b]!;
          next[a] = s;
        }
        const norm = Math.hypot(...next);
        if (norm === 0) break;
        for (let a = 0; a < width; a++) next[a] = next[a]! / norm;
        let change = 0;
        for (let a = 0; a < width; a++) change += Math.abs(next[a]! - v[a]!);
        (v = next), (lambda = norm);
        if (change < 1e-10) break;
      }
      // A sign convention, so a re-fit on the same data gives the same axes.
      const anchor = v.reduce((best, x, j) => (Math.abs(x) > Math.abs(v[best]!) ? j : best), 0);
      if (v[anchor]! < 0) v = v.map((x) => -x);
      components.push(v);
      variances.push(lambda);
      for (let a = 0; a < width; a++) for (let b = 0; b < width; b++) cov[a]![b] = cov[a]![b]! - lambda * v[a]! * v[b]!;
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
