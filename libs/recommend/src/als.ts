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
  /** FᵀF + λI of the factors a fold-in solves against, kept while they are that array (see `gramOf`). */
  private foldInGram?: { of: Float32Array; gram: Float64Array } | undefined;

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
    const { X, Y } = initialFactors(userItem.rows, userItem.cols, k, o.seed);
    const model = new ImplicitAls(k, o.regularization, o.alpha, X, Y);
    for (let it = 0; it < o.iterations; it++) {
      model.halfStep(userItem, Y, X, o.cgSteps);
      model.halfStep(itemUser, X, Y, o.cgSteps);
    }
    return model;
  }

  /** One ALS half-iteration: every row of `target` re-solved against the fixed factors. */
  halfStep(m: Csr, fixed: Float32Array, target: Float32Array, steps: number): void {
    this.foldInGram = undefined;
    solveRows(m, fixed, target, gram(fixed, this.k, this.regularization), 0, m.rows, this.params(steps));
  }

  /** What a row solve needs besides the matrices (sent to worker threads as is). */
  params(steps: number): SolveParams {
    return { k: this.k, alpha: this.alpha, steps };
  }

  /** Builds a model around factors trained elsewhere (e.g. by worker threads). */
  static fromFactors(
    k: number,
    regularization: number,
    alpha: number,
    userFactors: Float32Array,
    itemFactors: Float32Array,
  ): ImplicitAls {
    return new ImplicitAls(k, regularization, alpha, userFactors, itemFactors);
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
    const m: Csr = {
      rows: 1,
      cols: fixed.length / this.k,
      offsets: Int32Array.of(0, rows.length),
      indices: Int32Array.from(rows as ArrayLike<number>),
      values: Float32Array.from(strengths),
    };
    const x = new Float32Array(this.k);
    solveRows(m, fixed, x, this.gramOf(fixed), 0, 1, this.params(this.k));
    return x;
  }

  /**
   * The Gram matrix of `fixed`, computed once while the factors stay that array: it costs
   * rows · k² (≈ 10 M multiply-adds at 20k items), a request's fold-in without it ≈ 20 ms.
   * Training changes factors in place, so `halfStep` drops it.
   */
  private gramOf(fixed: Float32Array): Float64Array {
    if (this.foldInGram?.of !== fixed) this.foldInGram = { of: fixed, gram: gram(fixed, this.k, this.regularization) };
    return this.foldInGram.gram;
  }
}

/** Small random starting factors; the same seed gives the same start (serial and threaded training agree). */
export function initialFactors(
  users: number,
  items: number,
  k: number,
  seed: number,
  alloc: (n: number) => Float32Array = (n) => new Float32Array(n),
): { X: Float32Array; Y: Float32Array } {
  let state = seed >>> 0 || 1;
  const rand = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return ((state >>> 0) / 4294967296 - 0.5) * 0.02;
  };
  const X = alloc(users * k);
  const Y = alloc(items * k);
  for (let i = 0; i < X.length; i++) X[i] = rand();
  for (let i = 0; i < Y.length; i++) Y[i] = rand();
  return { X, Y };
}

export const ALS_DEFAULTS = DEFAULTS;

export interface SolveParams {
  k: number;
  alpha: number;
  steps: number;
}

/** FᵀF + λI. */
export function gram(F: Float32Array, k: number, regularization: number): Float64Array {
  const g = new Float64Array(k * k);
  for (let at = 0; at < F.length; at += k) {
    for (let a = 0; a < k; a++) {
      const fa = F[at + a]!;
      for (let b = a; b < k; b++) g[a * k + b] = g[a * k + b]! + fa * F[at + b]!;
    }
  }
  for (let a = 0; a < k; a++) {
    g[a * k + a] = g[a * k + a]! + regularization;
    for (let b = 0; b < a; b++) g[a * k + b] = g[b * k + a]!;
  }
  return g;
}

/**
 * Rows [from, to) of `target`: CG on (FᵀF + λI + Fᵀ(C−I)F) x = Fᵀ C p, warm-started from the
 * current row, C = 1 + α · strength. Pure; worker threads call it on their share of rows.
 */
export function solveRows(
  m: Csr,
  F: Float32Array,
  target: Float32Array,
  gramMatrix: Float64Array,
  from: number,
  to: number,
  { k, alpha, steps }: SolveParams,
): void {
  const { x, r, p, ap } = new Scratch(k);
  for (let row = from; row < to; row++) {
    for (let d = 0; d < k; d++) x[d] = target[row * k + d]!;
    const start = m.offsets[row]!;
    const end = m.offsets[row + 1]!;
    mulGram(gramMatrix, x, r, k);
    for (let d = 0; d < k; d++) r[d] = -r[d]!;
    for (let j = start; j < end; j++) {
      const at = m.indices[j]! * k;
      const c = 1 + alpha * m.values[j]!;
      let fx = 0;
      for (let d = 0; d < k; d++) fx += F[at + d]! * x[d]!;
      const w = c - (c - 1) * fx;
      for (let d = 0; d < k; d++) r[d] = r[d]! + w * F[at + d]!;
    }
    p.set(r);
    let rsOld = dotK(r, r, k);
    for (let step = 0; step < steps && rsOld > 1e-12; step++) {
      mulGram(gramMatrix, p, ap, k);
      for (let j = start; j < end; j++) {
        const at = m.indices[j]! * k;
        let fp = 0;
        for (let d = 0; d < k; d++) fp += F[at + d]! * p[d]!;
        const w = alpha * m.values[j]! * fp;
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
    for (let d = 0; d < k; d++) target[row * k + d] = x[d]!;
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
