import { seasonalIndices } from '../decompose.js';
import { type ForecastModel, normalForecast } from '../model.js';
import { nelderMead } from '../nelder-mead.js';
import { linearTrend, mean } from '../stats.js';
import { type EtsParams, type EtsSpec, type EtsStates, etsLik, etsMean, etsPass, etsSd, specName } from './ets-core.js';

export interface EtsState {
  spec: EtsSpec;
  model: string;
  params: EtsParams;
  states: EtsStates;
  sigma2: number;
  sse: number;
  n: number;
  aicc: number;
}

export interface EtsOptions {
  /** Candidate models; default the full family R's ets searches (see `etsFamily`). */
  specs?: readonly EtsSpec[];
  /** Nelder–Mead iterations per candidate; R's ets uses 2000. */
  maxIterations?: number;
  /** Optimise the initial seasonal states too, as R does (default); off keeps the decomposition's (faster). */
  optimiseSeason?: boolean;
  /** Relative tolerance of the optimiser (R: 1e-8); a looser one is much faster on long series. */
  tolerance?: number;
}

/**
 * The automatic family as R's forecast::ets searches it by default: error A/M, trend N/A/Ad,
 * season N/A/M, less the unstable additive-error/multiplicative-season models; multiplicative
 * parts only for strictly positive data; seasonal only with two full seasons and 1 < m ≤ 24.
 */
export function etsFamily(y: readonly number[], m: number): EtsSpec[] {
  const positive = y.every((v) => v > 0);
  const seasonal = m > 1 && m <= 24 && y.length >= 2 * m + 2;
  const specs: EtsSpec[] = [];
  for (const error of positive ? (['A', 'M'] as const) : (['A'] as const))
    for (const trend of ['N', 'A', 'Ad'] as const)
      for (const season of seasonal
        ? positive
          ? (['N', 'A', 'M'] as const)
          : (['N', 'A'] as const)
        : (['N'] as const)) {
        if (error === 'A' && season === 'M') continue;
        specs.push({ error, trend, season });
      }
  return specs;
}

/** Optimiser restarts of a model with free seasonal states, at most (each only while it still gains). */
const MAX_RESTARTS = 4;

/** Fits one ETS model by maximum likelihood (Nelder–Mead on R's criterion within the usual bounds). */
export function fitEtsSpec(
  y: readonly number[],
  m: number,
  spec: EtsSpec,
  maxIterations = 2000,
  optimiseSeason = true,
  tolerance = 1e-8,
): EtsState {
  const seasonal = spec.season !== 'N';
  const multiplicativeSeason = spec.season === 'M';
  const season = seasonal ? initialSeason(y, m, multiplicativeSeason) : [];
  const freeSeason = seasonal && optimiseSeason ? m - 1 : 0;
  const { level: l0, trend: b0 } = initialLevel(y, season, spec);
  const hasTrend = spec.trend !== 'N';
  const damped = spec.trend === 'Ad';
  const mm = seasonal ? m : 1;
  const alpha0 = 1e-4 + (0.2 * (0.9999 - 1e-4)) / mm;
  const start = [alpha0];
  if (hasTrend) start.push(0.1 * alpha0);
  if (seasonal) start.push(0.05 * (1 - alpha0));
  if (damped) start.push(0.978);
  start.push(l0);
  if (hasTrend) start.push(b0);
  for (let k = 0; k < freeSeason; k++) start.push(season[k]!);
  const decode = (x: readonly number[]): { params: EtsParams; init: EtsStates } => {
    let i = 0;
    const alpha = x[i++]!;
    const beta = hasTrend ? x[i++]! : 0;
    const gamma = seasonal ? x[i++]! : 0;
    const phi = damped ? x[i++]! : 1;
    const level = x[i++]!;
    const trend = hasTrend ? x[i++]! : 0;
    if (freeSeason === 0) return { params: { alpha, beta, gamma, phi }, init: { level, trend, season } };
    // The last seasonal state closes the cycle: sum 0 (additive) or mean 1 (multiplicative), as R's ets.
    const free = x.slice(i, i + freeSeason);
    const last = multiplicativeSeason ? m - free.reduce((s, v) => s + v, 0) : -free.reduce((s, v) => s + v, 0);
    return { params: { alpha, beta, gamma, phi }, init: { level, trend, season: [...free, last] } };
  };
  const objective = (x: number[]): number => {
    const { params, init } = decode(x);
    if (!withinBounds(params, spec)) return Number.POSITIVE_INFINITY;
    if (multiplicativeSeason && init.season.some((v) => !(v > 0))) return Number.POSITIVE_INFINITY;
    return etsLik(y, spec, params, init);
  };
  const smoothing = 1 + (hasTrend ? 1 : 0) + (seasonal ? 1 : 0) + (damped ? 1 : 0);
  const levelStep = Math.max(1e-8, Math.abs(l0) * 0.1);
  const trendStep = Math.max(1e-8, Math.abs(b0) * 0.1, Math.abs(l0) * 0.01);
  const seasonStep = multiplicativeSeason ? 0.02 : levelStep * 0.2;
  const firstSeason = smoothing + (hasTrend ? 2 : 1);
  const step = start.map((v, i) =>
    i < smoothing ? Math.max(0.01, 0.1 * v) : i >= firstSeason ? seasonStep : i === smoothing ? levelStep : trendStep,
  );
  // Restarts from the last minimum while they still gain: a simplex over many states often
  // collapses early (as R's optim can; R's ets then lands on a better optimum of some models).
  let best = nelderMead(objective, start, { maxIterations, step, tolerance });
  for (let restart = 0; freeSeason > 0 && restart < MAX_RESTARTS; restart++) {
    const again = nelderMead(objective, best.x, { maxIterations, step, tolerance });
    const gain = best.value - again.value;
    best = again.value < best.value ? again : best;
    if (!(gain > 1e-6 * Math.abs(best.value))) break;
  }
  const { params, init } = decode(best.x);
  const pass = etsPass(y, spec, params, init);
  const n = y.length;
  const np = best.x.length + (seasonal ? m - 1 - freeSeason : 0) + 1;
  const aic = pass.lik + 2 * np;
  const aicc = n - np - 1 > 0 ? aic + (2 * np * (np + 1)) / (n - np - 1) : Number.POSITIVE_INFINITY;
  return {
    spec,
    model: specName(spec),
    params,
    states: pass.states,
    sigma2: pass.sse / Math.max(1, n - np),
    sse: pass.sse,
    n,
    aicc: Number.isFinite(pass.lik) ? aicc : Number.POSITIVE_INFINITY,
  };
}

/** R's "usual" region: 0 < β < α < 1, 0 < γ < 1 − α, 0.8 ≤ φ ≤ 0.98. */
function withinBounds(p: EtsParams, spec: EtsSpec): boolean {
  if (p.alpha < 1e-4 || p.alpha > 0.9999) return false;
  if (spec.trend !== 'N' && (p.beta < 1e-4 || p.beta > p.alpha)) return false;
  if (spec.season !== 'N' && (p.gamma < 1e-4 || p.gamma > 1 - p.alpha)) return false;
  if (spec.trend === 'Ad' && (p.phi < 0.8 || p.phi > 0.98)) return false;
  return true;
}

/** Seasonal states as R's initstate takes them: decomposition of the first three seasons (or two). */
function initialSeason(y: readonly number[], m: number, multiplicative: boolean): number[] {
  const head = y.slice(0, Math.min(y.length, 3 * m));
  return seasonalIndices(head, m, multiplicative);
}

/** Level (and slope) from a line through the first max(10, 2m) seasonally adjusted points. */
function initialLevel(y: readonly number[], season: number[], spec: EtsSpec): { level: number; trend: number } {
  const m = season.length;
  const count = Math.min(y.length, Math.max(10, 2 * m));
  const adjusted = y
    .slice(0, count)
    .map((v, t) => (m === 0 ? v : spec.season === 'M' ? v / season[t % m]! : v - season[t % m]!));
  if (spec.trend === 'N') return { level: mean(adjusted), trend: 0 };
  const { intercept, slope } = linearTrend(adjusted);
  return { level: intercept - slope, trend: slope };
}

/** ETS with automatic selection by AICc over the family (or the given candidates). */
export function createEts(options: EtsOptions = {}): ForecastModel<EtsState> {
  return {
    name: 'ets',
    minLength: () => 8,
    fit(y, { period }) {
      const specs = options.specs ?? etsFamily(y, period);
      let best: EtsState | undefined;
      for (const spec of specs) {
        if (spec.season !== 'N' && (period <= 1 || y.length < 2 * period + 2)) continue;
        if ((spec.error === 'M' || spec.season === 'M') && !y.every((v) => v > 0)) continue;
        const fitted = fitEtsSpec(y, period, spec, options.maxIterations, options.optimiseSeason, options.tolerance);
        if (!best || fitted.aicc < best.aicc) best = fitted;
      }
      return best ?? fitEtsSpec(y, period, { error: 'A', trend: 'N', season: 'N' }, options.maxIterations);
    },
    forecast(state, h, levels = [80, 95]) {
      const mean = etsMean(state.spec, state.params, state.states, h);
      return normalForecast(
        mean,
        etsSd(state.spec, state.params, state.sigma2, mean, state.states.season.length),
        levels,
      );
    },
    update(state, points) {
      const pass = etsPass(points, state.spec, state.params, state.states);
      const n = state.n + points.length;
      const np = Math.max(1, state.n - state.sse / Math.max(state.sigma2, 1e-300));
      const sse = state.sse + (Number.isFinite(pass.sse) ? pass.sse : 0);
      return { ...state, states: pass.states, sse, n, sigma2: sse / Math.max(1, n - np) };
    },
  };
}

export const ets = createEts();
