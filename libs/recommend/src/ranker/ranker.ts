import { SOURCE_NAMES } from '../types.js';
import { FEATURES } from './features.js';

/** Scores a request's feature rows (row-major, FEATURES wide); higher = show earlier. */
export interface Ranker {
  readonly name: string;
  score(rows: Float32Array, out?: Float64Array): Float64Array;
  toJSON(): unknown;
}

/** Per-feature standardisation learnt on the training rows; kept with each learnt ranker. */
export interface Scaling {
  mean: number[];
  std: number[];
}

export function fitScaling(X: Float32Array): Scaling {
  const n = X.length / FEATURES;
  const mean = new Array<number>(FEATURES).fill(0);
  const sq = new Array<number>(FEATURES).fill(0);
  for (let r = 0; r < n; r++) {
    for (let f = 0; f < FEATURES; f++) {
      const x = X[r * FEATURES + f]!;
      mean[f] = mean[f]! + x;
      sq[f] = sq[f]! + x * x;
    }
  }
  const std = mean.map((m, f) => {
    const v = sq[f]! / n - (m / n) ** 2;
    return v > 1e-12 ? Math.sqrt(v) : 1;
  });
  return { mean: mean.map((m) => m / n), std };
}

export function scaled(X: Float32Array, s: Scaling): Float32Array {
  const out = new Float32Array(X.length);
  for (let k = 0; k < X.length; k++) {
    const f = k % FEATURES;
    out[k] = zScore(X[k]!, s.mean[f]!, s.std[f]!);
  }
  return out;
}

/** Unlearnt baseline: reciprocal-rank fusion of the sources, equal weights unless given (SOURCE_NAMES order). */
export class RankFusion implements Ranker {
  constructor(
    private readonly weights: readonly number[] = new Array(SOURCE_NAMES.length).fill(1),
    readonly name = 'rank_fusion',
  ) {}

  /** Popularity first, then trending and new arrivals: the classic cold-start list. */
  static popularFirst(): RankFusion {
    const w = SOURCE_NAMES.map((s) => (s === 'popular' ? 1 : s === 'trending' ? 0.3 : s === 'new_arrivals' ? 0.2 : 0));
    return new RankFusion(w, 'popular_first');
  }

  score(rows: Float32Array, out = new Float64Array(rows.length / FEATURES)): Float64Array {
    for (let r = 0; r < out.length; r++) {
      let s = 0;
      for (let f = 0; f < this.weights.length; f++) s += this.weights[f]! * rows[r * FEATURES + f]!;
      out[r] = s;
    }
    return out;
  }

  toJSON() {
    return { kind: 'rank_fusion', name: this.name, weights: [...this.weights] };
  }
}

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** Standardised value, clipped to ±5: a rare binary feature (std ≈ 0.01) would otherwise be ±100 and blow up SGD. */
export function zScore(x: number, mean: number, std: number): number {
  const z = (x - mean) / std;
  return Math.min(5, Math.max(-5, z));
}
