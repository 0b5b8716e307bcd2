import type { Csr } from './dataset.js';

export interface AlsOptions {
  factors?: number;
  /** L2 regularisation. */
  regularization?: number;
  /** Confidence c = 1 + alpha · strength. */
  alpha?: number;
  iterations?: number;
  /** Conjugate-gradient steps per row per half-iteration (Takács et al.: 2–4 suffice with warm starts). */
  cgSteps?: number;
  seed?: number;
}

export interface AlsJSON {
  kind: 'implicit_als';
  formatVersion: 1;
  factors: number;
  regularization: number;
  alpha: number;
  userFactors: number[];
  itemFactors: number[];
}

const DEFAULTS = { factors: 32, regularization: 0.05, alpha: 1, iterations: 8, cgSteps: 3, seed: 1 };

/**
 * Implicit-feedback matrix factorisation (Hu, Koren & Volinsky 2008) solved by alternating least
 * squares, each row by a few warm-started conjugate-gradient steps (Takács, Pilászy & Tikk 2011,
 * as the `implicit` library does): cost per sweep O(nnz · k · steps + rows · k² · steps).
 */
export class ImplicitAls {
  private constructor(
    readonly k: number,
    readonly regularization: number,
    readonly alpha: number,
    public userFactors: Float32Array,
    public itemFactors: Float32Array,
  ) {}

  get users(): number {
    return this.userFactors.length / this.k;
  }

  get items(): number {
    return this.itemFactors.length / this.k;
  }

  static train(userItem: Csr, itemUser: Csr, options: AlsOptions = {}): ImplicitAls {
    const o = { ...DEFAULTS, ...options };
    const k = o.factors;
    let state = o.seed >>> 0 || 1;
    const rand = () => {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      return ((state >>> 0) / 4294967296 - 0.5) * 0.02;
    };
    const X = Float32Array.from({ length: userItem.rows * k }, rand);
    const Y = Float32Array.from({ length: userItem.cols * k }, rand);
    const model = new ImplicitAls(k, o.regularization, o.alpha, X, Y);
    for (let it = 0; it < o.iterations; it++) {
      model.halfStep(userItem, Y, X, o.cgSteps);
      model.halfStep(itemUser, X, Y, o.cgSteps);
    }
    return model;
  }

  /** One ALS half-iteration: every row of `target` re-solved against the fixed factors. */
  halfStep(m: Csr, fixed: Float32Array, target: Float32Array, steps: number): void {
    const gram = this.gram(fixed);
    const s = new Scratch(this.k);
    for (let r = 0; r < m.rows; r++) {
      s.x.set(target.subarray(r * this.k, (r + 1) * this.k));
      this.solveRow(m.indices, m.values, m.offsets[r]!, m.offsets[r + 1]!, fixed, gram, s, steps);
      for (let d = 0; d < this.k; d++) target[r * this.k + d] = s.x[d]!;
    }
  }

  /** A user vector for items the model did not see this user with (fold-in, fixed item factors). */
  foldInUser(items: ArrayLike<number>, strengths: ArrayLike<number>): Float32Array {
    return this.foldIn(items, strengths, this.itemFactors);
  }

  /** An item vector from the users who touched it (fold-in, fixed user factors). */
  foldInItem(users: ArrayLike<number>, strengths: ArrayLike<number>): Float32Array {
    return this.foldIn(users, strengths, this.userFactors);
  }

  /** Appends item rows (e.g. folded-in new items) so they can be scored until the next training. */
  appendItems(vectors: readonly Float32Array[]): void {
    const grown = new Float32Array(this.itemFactors.length + vectors.length * this.k);
    grown.set(this.itemFactors);
    vectors.forEach((v, j) => grown.set(v, this.itemFactors.length + j * this.k));
    this.itemFactors = grown;
  }

  userVector(u: number): Float32Array {
    return this.userFactors.subarray(u * this.k, (u + 1) * this.k);
  }

  /** x · y_i for every item. */
  scores(user: ArrayLike<number>, out: Float32Array = new Float32Array(this.items)): Float32Array {
    const k = this.k;
    const Y = this.itemFactors;
    for (let i = 0, at = 0; i < out.length; i++, at += k) {
      let s = 0;
      for (let d = 0; d < k; d++) s += user[d]! * Y[at + d]!;
      out[i] = s;
    }
    return out;
  }

  toJSON(): AlsJSON {
    return {
      kind: 'implicit_als',
      formatVersion: 1,
      factors: this.k,
      regularization: this.regularization,
      alpha: this.alpha,
      userFactors: Array.from(this.userFactors),
      itemFactors: Array.from(this.itemFactors),
    };
  }

  static fromJSON(json: AlsJSON): ImplicitAls {
    const ok =
      json?.kind === 'implicit_als' &&
      json.formatVersion === 1 &&
      json.userFactors.length % json.factors === 0 &&
      json.itemFactors.length % json.factors === 0;
    if (!ok) throw new TypeError('not an implicit ALS model (kind "implicit_als", formatVersion 1)');
    return new ImplicitAls(
      json.factors,
      json.regularization,
      json.alpha,
      Float32Array.from(json.userFactors),
      Float32Array.from(json.itemFactors),
    );
  }

  private foldIn(rows: ArrayLike<number>, strengths: ArrayLike<number>, fixed: Float32Array): Float32Array {
    const s = new Scratch(this.k);
    const indices = Int32Array.from(rows as ArrayLike<number>);
    this.solveRow(indices, Float32Array.from(strengths), 0, indices.length, fixed, this.gram(fixed), s, this.k);
    return Float32Array.from(s.x);
  }

  /** FᵀF + λI. */
  private gram(F: Float32Array): Float64Array {
    const k = this.k;
    const g = new Float64Array(k * k);
    for (let at = 0; at < F.length; at += k) {
      for (let a = 0; a < k; a++) {
        const fa = F[at + a]!;
        for (let b = a; b < k; b++) g[a * k + b] = g[a * k + b]! + fa * F[at + b]!;
      }
    }
    for (let a = 0; a < k; a++) {
      g[a * k + a] = g[a * k + a]! + this.regularization;
      for (let b = 0; b < a; b++) g[a * k + b] = g[b * k + a]!;
    }
    return g;
  }

  /** CG on (FᵀF + λI + Fᵀ(C−I)F) x = Fᵀ C p, warm-started from s.x. */
  private solveRow(
    idx: Int32Array,
    vals: Float32Array,
    from: number,
    to: number,
    F: Float32Array,
    gram: Float64Array,
    s: Scratch,
    steps: number,
  ): void {
    const k = this.k;
    const { x, r, p, ap } = s;
    mulGram(gram, x, r, k);
    for (let d = 0; d < k; d++) r[d] = -r[d]!;
    for (let j = from; j < to; j++) {
      const at = idx[j]! * k;
      const c = 1 + this.alpha * vals[j]!;
      let fx = 0;
      for (let d = 0; d < k; d++) fx += F[at + d]! * x[d]!;
      const w = c - (c - 1) * fx;
      for (let d = 0; d < k; d++) r[d] = r[d]! + w * F[at + d]!;
    }
    p.set(r);
    let rsOld = dotK(r, r, k);
    for (let step = 0; step < steps && rsOld > 1e-12; step++) {
      mulGram(gram, p, ap, k);
      for (let j = from; j < to; j++) {
        const at = idx[j]! * k;
        const c1 = this.alpha * vals[j]!;
        let fp = 0;
        for (let d = 0; d < k; d++) fp += F[at + d]! * p[d]!;
        const w = c1 * fp;
        for (let d = 0; d < k; d++) ap[d] = ap[d]! + w * F[at + d]!;
      }
      const a = rsOld / dotK(p, ap, k);
      for (let d = 0; d < k; d++) {
        x[d] = x[d]! + a * p[d]!;
        r[d] = r[d]! - a * ap[d]!;
      }
      const rsNew = dotK(r, r, k);
      const beta = rsNew / rsOld;
      for (let d = 0; d < k; d++) p[d] = r[d]! + beta * p[d]!;
      rsOld = rsNew;
    }
  }
}

class Scratch {
  readonly x: Float64Array;
  readonly r: Float64Array;
  readonly p: Float64Array;
  readonly ap: Float64Array;
  constructor(k: number) {
    this.x = new Float64Array(k);
    this.r = new Float64Array(k);
    this.p = new Float64Array(k);
    this.ap = new Float64Array(k);
  }
}

function mulGram(g: Float64Array, v: Float64Array, out: Float64Array, k: number): void {
  for (let a = 0; a < k; a++) {
    let s = 0;
    for (let b = 0, at = a * k; b < k; b++) s += g[at + b]! * v[b]!;
    out[a] = s;
  }
}

function dotK(a: Float64Array, b: Float64Array, k: number): number {
  let s = 0;
  for (let d = 0; d < k; d++) s += a[d]! * b[d]!;
  return s;
}
