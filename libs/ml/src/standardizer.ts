import { invalidArgument } from './ml.error.js';
import { toRows, type FeatureRows } from './rows.js';

export interface StandardizerJSON {
  kind: 'standardizer';
  formatVersion: 1;
  mean: number[];
  std: number[];
}

/** Per-feature (x − mean) / std; a constant feature (std 0) is only centred. */
export class Standardizer {
  private constructor(
    readonly mean: Float64Array,
    readonly std: Float64Array,
  ) {}

  static fit(X: FeatureRows, dims?: number): Standardizer {
    const rows = toRows(X, dims);
    if (rows.length === 0) throw invalidArgument('cannot fit a standardizer on no rows');
    const width = rows[0]!.length;
    const mean = new Float64Array(width);
    const variance = new Float64Array(width);
    for (const row of rows) for (let j = 0; j < width; j++) mean[j] = mean[j]! + row[j]!;
    for (let j = 0; j < width; j++) mean[j] = mean[j]! / rows.length;
    for (const row of rows) {
      for (let j = 0; j < width; j++) {
        const d = row[j]! - mean[j]!;
        variance[j] = variance[j]! + d * d;
      }
    }
    const std = variance.map((v) => {
      const s = Math.sqrt(v / rows.length);
      return s > 1e-12 ? s : 1;
    });
    return new Standardizer(mean, std);
  }

  get dims(): number {
    return this.mean.length;
  }

  transform(x: ArrayLike<number>): Float32Array {
    const out = new Float32Array(x.length);
    this.transformInto(x, out);
    return out;
  }

  /**
   * `transform(x)` written into `out` (the same values, rounded to single precision whatever the array's type);
   * `out` may be `x` itself.
   */
  transformInto(x: ArrayLike<number>, out: { length: number; [index: number]: number }): void {
    const { mean, std } = this;
    if (x.length !== mean.length)
      throw invalidArgument(`standardizer expects ${mean.length} features, got ${x.length}`);
    if (out.length !== mean.length)
      throw invalidArgument(`standardizer writes ${mean.length} values, room for ${out.length}`);
    for (let j = 0; j < mean.length; j++) out[j] = Math.fround((x[j]! - mean[j]!) / std[j]!);
  }

  toJSON(): StandardizerJSON {
    return { kind: 'standardizer', formatVersion: 1, mean: [...this.mean], std: [...this.std] };
  }

  static fromJSON(json: StandardizerJSON): Standardizer {
    const ok =
      json?.kind === 'standardizer' &&
      json.formatVersion === 1 &&
      Array.isArray(json.mean) &&
      Array.isArray(json.std) &&
      json.mean.length === json.std.length &&
      json.std.every((s) => typeof s === 'number' && s > 0);
    if (!ok)
      throw invalidArgument('not a standardizer (kind "standardizer", formatVersion 1, mean/std of equal length)');
    return new Standardizer(Float64Array.from(json.mean), Float64Array.from(json.std));
  }
}
