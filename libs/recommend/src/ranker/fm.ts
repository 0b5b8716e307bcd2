import { FEATURES } from './features.js';
import { fitScaling, type Ranker, type Scaling, scaled, sigmoid } from './ranker.js';

export interface FmOptions {
  /** Pairwise factors; 0 = logistic regression. */
  factors?: number;
  epochs?: number;
  learningRate?: number;
  l2?: number;
  seed?: number;
}

export interface FmJSON {
  kind: 'fm_ranker';
  formatVersion: 1;
  name: string;
  factors: number;
  scaling: Scaling;
  bias: number;
  weights: number[];
  v: number[];
}

/**
 * A factorisation machine (Rendle 2010) on the standardised features, trained by SGD on log-loss
 * (clicked/bought = 1). With 0 factors it is plain L2-regularised logistic regression.
 */
export class FmRanker implements Ranker {
  private constructor(
    readonly name: string,
    readonly k: number,
    private readonly scaling: Scaling,
    private bias: number,
    private readonly w: Float64Array,
    private readonly v: Float64Array,
  ) {}

  static train(name: string, X: Float32Array, y: Uint8Array, options: FmOptions = {}): FmRanker {
    const k = options.factors ?? 4;
    const epochs = options.epochs ?? 6;
    const l2 = options.l2 ?? 1e-4;
    let state = (options.seed ?? 7) >>> 0 || 1;
    const rand = () => {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      return (state >>> 0) / 4294967296;
    };
    const scaling = fitScaling(X);
    const Z = scaled(X, scaling);
    const n = y.length;
    const v = Float64Array.from({ length: FEATURES * k }, () => (rand() - 0.5) * 0.02);
    const positives = y.reduce((s, t) => s + t, 0);
    const prior = Math.min(0.99, Math.max(0.01, positives / Math.max(1, n)));
    const model = new FmRanker(name, k, scaling, Math.log(prior / (1 - prior)), new Float64Array(FEATURES), v);
    const order = Int32Array.from({ length: n }, (_, i) => i);
    const sums = new Float64Array(k);
    for (let epoch = 0; epoch < epochs; epoch++) {
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
      const lr = (options.learningRate ?? 0.02) / (1 + epoch);
      for (const r of order) {
        const x = Z.subarray(r * FEATURES, (r + 1) * FEATURES);
        const g = sigmoid(model.raw(x, sums)) - y[r]!;
        model.bias -= lr * g;
        for (let f = 0; f < FEATURES; f++) {
          const xf = x[f]!;
          if (xf === 0) continue;
          model.w[f] = model.w[f]! - lr * (g * xf + l2 * model.w[f]!);
          for (let d = 0; d < k; d++) {
            const at = f * k + d;
            v[at] = v[at]! - lr * (g * xf * (sums[d]! - v[at]! * xf) + l2 * v[at]!);
          }
        }
      }
    }
    return model;
  }

  score(rows: Float32Array, out = new Float64Array(rows.length / FEATURES)): Float64Array {
    const { x, sums, mean, std } = this.scratch();
    for (let r = 0; r < out.length; r++) {
      // zScore inlined, the scaling as typed arrays: no call per feature.
      for (let f = 0, at = r * FEATURES; f < FEATURES; f++, at++) {
        const z = (rows[at]! - mean[f]!) / std[f]!;
        x[f] = Math.min(5, Math.max(-5, z));
      }
      out[r] = this.raw(x, sums);
    }
    return out;
  }

  /** Per-model buffers for `score` (requests are served one at a time per thread), and the scaling as typed arrays. */
  private buffers?: { x: Float32Array; sums: Float64Array; mean: Float64Array; std: Float64Array };

  private scratch() {
    this.buffers ??= {
      x: new Float32Array(FEATURES),
      sums: new Float64Array(this.k),
      mean: Float64Array.from(this.scaling.mean),
      std: Float64Array.from(this.scaling.std),
    };
    return this.buffers;
  }

  /** Linear part + ½ Σ_d [(Σ_f v_fd x_f)² − Σ_f v_fd² x_f²]; leaves Σ_f v_fd x_f in `sums`. */
  private raw(x: Float32Array, sums: Float64Array): number {
    const k = this.k;
    let z = this.bias;
    sums.fill(0);
    let squares = 0;
    for (let f = 0; f < FEATURES; f++) {
      const xf = x[f]!;
      if (xf === 0) continue;
      z += this.w[f]! * xf;
      for (let d = 0; d < k; d++) {
        const t = this.v[f * k + d]! * xf;
        sums[d] = sums[d]! + t;
        squares += t * t;
      }
    }
    let pair = 0;
    for (let d = 0; d < k; d++) pair += sums[d]! * sums[d]!;
    return z + 0.5 * (pair - squares);
  }

  toJSON(): FmJSON {
    return {
      kind: 'fm_ranker',
      formatVersion: 1,
      name: this.name,
      factors: this.k,
      scaling: this.scaling,
      bias: this.bias,
      weights: [...this.w],
      v: [...this.v],
    };
  }

  static fromJSON(json: FmJSON): FmRanker {
    const ok =
      json?.kind === 'fm_ranker' &&
      json.formatVersion === 1 &&
      json.weights.length === FEATURES &&
      json.v.length === FEATURES * json.factors;
    if (!ok) throw new TypeError(`not an FM ranker for ${FEATURES} features (kind "fm_ranker", formatVersion 1)`);
    return new FmRanker(
      json.name,
      json.factors,
      json.scaling,
      json.bias,
      Float64Array.from(json.weights),
      Float64Array.from(json.v),
    );
  }
}
