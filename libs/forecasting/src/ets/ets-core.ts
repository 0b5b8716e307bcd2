/**
 * The ETS state-space recursions in error-correction form (Hyndman, Koehler, Ord & Snyder,
 * "Forecasting with Exponential Smoothing", 2008, table 2.1), as R's forecast::ets computes them.
 */
export type ErrorType = 'A' | 'M';
export type TrendType = 'N' | 'A' | 'Ad';
export type SeasonType = 'N' | 'A' | 'M';

export interface EtsSpec {
  error: ErrorType;
  trend: TrendType;
  season: SeasonType;
}

export interface EtsParams {
  alpha: number;
  beta: number;
  gamma: number;
  phi: number;
}

/** Level, trend and the last m seasonal states; season[k] applies k+1 steps ahead. */
export interface EtsStates {
  level: number;
  trend: number;
  season: number[];
}

export interface EtsPass {
  /** n·log(Σe²) (+ 2Σlog|ŷ| for multiplicative errors), R's `lik`; Infinity when the states break down. */
  lik: number;
  /** Σe² of the errors (relative errors for multiplicative error). */
  sse: number;
  states: EtsStates;
  fitted?: number[];
}

export function specName(spec: EtsSpec): string {
  return `ETS(${spec.error},${spec.trend},${spec.season})`;
}

/** Runs the recursion over y from initial states; `keepFitted` records the one-step forecasts. */
export function etsPass(
  y: ArrayLike<number>,
  spec: EtsSpec,
  p: EtsParams,
  init: EtsStates,
  keepFitted = false,
): EtsPass {
  const season = Float64Array.from(init.season);
  const fitted = keepFitted ? new Array<number>(y.length) : undefined;
  const run = recursion(y, spec, p, init.level, init.trend, season, fitted);
  if (!run.ok) return broken(run.level, run.trend, season, run.pos);
  return {
    lik: run.lik,
    sse: run.sse,
    states: { level: run.level, trend: run.trend, season: rotate(season, run.pos) },
    ...(fitted ? { fitted } : {}),
  };
}

const scratch = { buffer: new Float64Array(64) };

/** The likelihood alone, for the optimiser: no states kept, no allocation. */
export function etsLik(y: ArrayLike<number>, spec: EtsSpec, p: EtsParams, init: EtsStates): number {
  const m = init.season.length;
  if (scratch.buffer.length < m) scratch.buffer = new Float64Array(m);
  const season = scratch.buffer.subarray(0, m);
  for (let k = 0; k < m; k++) season[k] = init.season[k]!;
  const run = recursion(y, spec, p, init.level, init.trend, season, undefined);
  return run.ok ? run.lik : Number.POSITIVE_INFINITY;
}

function recursion(
  y: ArrayLike<number>,
  spec: EtsSpec,
  p: EtsParams,
  level0: number,
  trend0: number,
  season: Float64Array,
  fitted: number[] | undefined,
) {
  const m = season.length;
  const seasonType = spec.season === 'A' ? 1 : spec.season === 'M' ? 2 : 0;
  const addTrend = spec.trend !== 'N';
  const phi = spec.trend === 'Ad' ? p.phi : 1;
  const multError = spec.error === 'M';
  const { alpha, gamma } = p;
  const betaRatio = p.beta / p.alpha;
  let level = level0;
  let trend = addTrend ? trend0 : 0;
  let sse = 0;
  let logSum = 0;
  let pos = 0;
  const n = y.length;
  for (let t = 0; t < n; t++) {
    const obs = y[t]!;
    const q = level + phi * trend;
    const s = m > 0 ? season[pos]! : 0;
    const f = seasonType === 1 ? q + s : seasonType === 2 ? q * s : q;
    if (fitted) fitted[t] = f;
    if (multError && !(f > 1e-10)) return { ok: false, lik: 0, sse: 0, level, trend, pos };
    const e = multError ? (obs - f) / f : obs - f;
    sse += e * e;
    if (multError) logSum += Math.log(Math.abs(f));
    const deseason = seasonType === 1 ? obs - s : seasonType === 2 ? obs / s : obs;
    const oldLevel = level;
    level = q + alpha * (deseason - q);
    if (addTrend) trend = phi * trend + betaRatio * (level - oldLevel - phi * trend);
    if (m > 0) {
      const target = seasonType === 1 ? obs - q : obs / q;
      season[pos] = s + gamma * (target - s);
      pos = pos + 1 === m ? 0 : pos + 1;
    }
    if (!Number.isFinite(level) || (seasonType === 2 && !(level > 0)))
      return { ok: false, lik: 0, sse: 0, level, trend, pos };
  }
  const lik = n * Math.log(Math.max(sse, 1e-300)) + (multError ? 2 * logSum : 0);
  return { ok: true, lik, sse, level, trend, pos };
}

function broken(level: number, trend: number, season: Float64Array, pos: number): EtsPass {
  return {
    lik: Number.POSITIVE_INFINITY,
    sse: Number.POSITIVE_INFINITY,
    states: { level, trend, season: rotate(season, pos) },
  };
}

function rotate(season: Float64Array, pos: number): number[] {
  const m = season.length;
  return Array.from({ length: m }, (_, k) => season[(pos + k) % m]!);
}

/** Point forecasts h steps ahead from the final states. */
export function etsMean(spec: EtsSpec, p: EtsParams, states: EtsStates, h: number): number[] {
  const m = states.season.length;
  const phi = spec.trend === 'Ad' ? p.phi : 1;
  const out: number[] = [];
  let damp = 0;
  for (let i = 1; i <= h; i++) {
    damp += phi ** i;
    const q = states.level + (spec.trend === 'N' ? 0 : (spec.trend === 'Ad' ? damp : i) * states.trend);
    const s = m > 0 ? states.season[(i - 1) % m]! : 0;
    out.push(spec.season === 'A' ? q + s : spec.season === 'M' ? q * s : q);
  }
  return out;
}

/**
 * Forecast standard deviations. Exact for the linear (additive-error, non-multiplicative) models:
 * v_h = σ²(1 + Σ_{j<h} c_j²), c_j = α + β·Σ_{i≤j}φ^i + γ·[j mod m = 0]. Multiplicative models use the
 * same multipliers on the relative scale, a first-order approximation (the backtest recalibrates it).
 */
export function etsSd(spec: EtsSpec, p: EtsParams, sigma2: number, mean: readonly number[], m: number): number[] {
  const phi = spec.trend === 'Ad' ? p.phi : 1;
  const out: number[] = [];
  let cum = 1;
  let damp = 0;
  for (let h = 1; h <= mean.length; h++) {
    if (h > 1) {
      const j = h - 1;
      damp += phi ** j;
      const c = p.alpha + (spec.trend === 'N' ? 0 : p.beta * damp) + (m > 0 && j % m === 0 ? p.gamma : 0);
      cum += c * c;
    }
    const scale = spec.error === 'M' ? Math.abs(mean[h - 1]!) : 1;
    out.push(scale * Math.sqrt(sigma2 * cum));
  }
  return out;
}
