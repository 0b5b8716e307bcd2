import { autoArima } from './arima/auto-arima.js';
import { type CombineBy, combineForecasts } from './combination.js';
import { ets } from './ets/ets.js';
import { croston, sba, tsb } from './intermittent.js';
import { mae, naiveScale } from './metrics.js';
import { DEFAULT_LEVELS, type Forecast, type ForecastModel } from './model.js';
import { seasonalNaive } from './naive.js';
import { driverRegression } from './regression.js';
import { quantile, zOfLevel } from './stats.js';
import { theta, thetaOptimised } from './theta.js';

/** Candidates hold models of different state types. */
export type AnyModel = ForecastModel<any>;

export interface CombinationSpec {
  name: string;
  members: readonly string[];
  by: CombineBy;
}

export interface AutoOptions {
  period: number;
  h: number;
  levels?: readonly number[];
  methods?: readonly AnyModel[];
  combinations?: readonly CombinationSpec[];
  /** Rolling origins of the backtest (default 3), `step` points apart (default ⌈h/2⌉). */
  origins?: number;
  step?: number;
  drivers?: Readonly<Record<string, readonly number[]>>;
  futureDrivers?: Readonly<Record<string, readonly number[]>>;
  /**
   * Drivers whose future is known when forecasting (planned prices, promotions, a calendar): the
   * backtest gives the methods their realised values. `true` = every driver, a list = those named.
   * Default none: the backtest hides them, as the future hides views (the methods' own guess is used).
   */
  driversKnownAhead?: boolean | readonly string[];
  /**
   * Pool the best `pool` single methods of the backtest by their mean (default 3; 1 = pick the
   * single best candidate or fixed combination).
   */
  pool?: number;
}

export interface MethodScore {
  name: string;
  /** Mean absolute error over the backtest windows, scaled by each window's in-sample seasonal naive MAE. */
  mase: number;
  points: number;
}

export interface AutoResult {
  method: string;
  forecast: Forecast;
  backtest: MethodScore[];
  /** Interval half-width per level as a multiple of the model's own standard deviation. */
  calibration: { level: number; multiplier: number; errors: number }[];
  notes: string[];
}

export const STRONG_COMBINATIONS: readonly CombinationSpec[] = [
  { name: 'combo_median', members: ['ets', 'arima', 'theta'], by: 'median' },
  { name: 'combo_mean', members: ['ets', 'arima', 'theta'], by: 'mean' },
];

/** The candidates for a series: the strong methods, plus Croston/SBA/TSB for intermittent ones and the regression with drivers. */
export function defaultMethods(y: readonly number[], hasDrivers: boolean): AnyModel[] {
  const zeros = y.filter((v) => v === 0).length / Math.max(1, y.length);
  const methods: AnyModel[] = [seasonalNaive, ets, autoArima, theta, thetaOptimised];
  if (zeros > 0.3) methods.push(croston, sba, tsb);
  if (hasDrivers) methods.push(driverRegression);
  return methods;
}

function slice(
  drivers: Readonly<Record<string, readonly number[]>> | undefined,
  from: number,
  to: number,
  only?: readonly string[],
) {
  if (!drivers) return undefined;
  const kept = Object.entries(drivers).filter(([k]) => !only || only.includes(k));
  return kept.length > 0 ? Object.fromEntries(kept.map(([k, v]) => [k, v.slice(from, to)])) : undefined;
}

function forecastAll(
  methods: readonly AnyModel[],
  combinations: readonly CombinationSpec[],
  y: readonly number[],
  options: AutoOptions,
  h: number,
  future: Readonly<Record<string, readonly number[]>> | undefined,
  drivers: Readonly<Record<string, readonly number[]>> | undefined,
): Map<string, Forecast> {
  const levels = options.levels ?? DEFAULT_LEVELS;
  const out = new Map<string, Forecast>();
  for (const model of methods) {
    if (y.length < model.minLength(options.period)) continue;
    const state = model.fit(y, { period: options.period, ...(drivers ? { drivers } : {}) });
    out.set(model.name, model.forecast(state, h, levels, future ? { drivers: future } : undefined));
  }
  for (const combo of combinations) {
    const members = combo.members.map((name) => out.get(name));
    if (members.every((f): f is Forecast => f !== undefined))
      out.set(combo.name, combineForecasts(members, combo.by, levels));
  }
  return out;
}

/**
 * Per series: a rolling-origin backtest of every candidate (and combination), the one with the
 * lowest scaled error is refitted on the whole series, and its intervals are widened or narrowed
 * so that they would have covered the backtest errors at each level.
 */
export function autoForecast(y: readonly number[], options: AutoOptions): AutoResult {
  const { period, h } = options;
  const levels = options.levels ?? DEFAULT_LEVELS;
  const methods = options.methods ?? defaultMethods(y, options.drivers !== undefined);
  const combinations = (options.combinations ?? STRONG_COMBINATIONS).filter((c) =>
    c.members.every((m) => methods.some((model) => model.name === m)),
  );
  const origins = options.origins ?? 3;
  const step = options.step ?? Math.max(1, Math.ceil(h / 2));
  const nonNegative = y.every((v) => v >= 0);
  const notes: string[] = [];
  const minTrain = Math.max(2 * period, 8) + 1;
  // Origins `step` apart ending h before the end; a short series that cannot fit `origins` full
  // windows adds later origins whose windows are cut at the end of the series, so a choice never
  // rests on one window alone.
  const starts: number[] = [];
  for (let k = origins - 1; k >= 0; k--) if (y.length - h - k * step >= minTrain) starts.push(y.length - h - k * step);
  for (let o = y.length - h + step; starts.length < origins && o < y.length; o += step)
    if (o >= minTrain) starts.push(o);
  const windows = starts.map((origin) => {
    const train = y.slice(0, origin);
    const known = options.driversKnownAhead;
    const future = known ? slice(options.drivers, origin, origin + h, known === true ? undefined : known) : undefined;
    const forecasts = forecastAll(methods, combinations, train, options, h, future, slice(options.drivers, 0, origin));
    return { actual: y.slice(origin, origin + h), scale: naiveScale(train, period) || 1, forecasts };
  });
  const score = (name: string, members: readonly string[] = [name]) => {
    let scaled = 0;
    let points = 0;
    const ratios: number[] = [];
    for (const w of windows) {
      const parts = members.map((m) => w.forecasts.get(m));
      if (!parts.every((f): f is Forecast => f !== undefined)) return undefined;
      const f = parts.length === 1 ? parts[0]! : combineForecasts(parts, 'mean', []);
      const mean = nonNegative ? f.mean.map((v) => Math.max(0, v)) : f.mean;
      scaled += (mae(w.actual, mean) / w.scale) * w.actual.length;
      points += w.actual.length;
      // A model fitted on a silent stretch has sd ≈ 0; flooring it at a tenth of the window's naive
      // error keeps one such window from widening every interval by orders of magnitude.
      const sdFloor = 0.1 * w.scale;
      w.actual.forEach((a, i) => ratios.push(Math.abs(a - mean[i]!) / Math.max(f.sd[i]!, sdFloor)));
    }
    return points > 0 ? { name, mase: scaled / points, points, ratios } : undefined;
  };
  const scored = [...(windows[0]?.forecasts.keys() ?? [])].flatMap((name) => score(name) ?? []);
  scored.sort((a, b) => a.mase - b.mase);
  const poolSize = options.pool ?? 1;
  const singles = scored.filter((s) => methods.some((m) => m.name === s.name));
  let pool: string[] | undefined;
  if (poolSize > 1 && singles.length >= poolSize) {
    pool = singles.slice(0, poolSize).map((s) => s.name);
    const pooled = score(`pool(${pool.join('+')})`, pool);
    if (pooled) scored.unshift(pooled);
  }
  const backtest: MethodScore[] = scored.map(({ name, mase, points }) => ({ name, mase, points }));
  let chosen = scored[0]?.name;
  if (!chosen) {
    pool = undefined;
    chosen = y.length >= period ? 'seasonal_naive' : (methods[0]?.name ?? 'seasonal_naive');
    notes.push(`series too short for a backtest (${y.length} points); used ${chosen}`);
  }
  const ratios = scored[0]?.ratios ?? [];
  if (pool) {
    const members = methods.filter((m) => pool.includes(m.name));
    const final = forecastAll(members, [], y, options, h, options.futureDrivers, options.drivers);
    const parts = pool.map((name) => final.get(name)).filter((f): f is Forecast => f !== undefined);
    return finish(chosen, combineForecasts(parts, 'mean', levels), ratios, backtest, notes, levels, nonNegative);
  }
  const combo = combinations.find((c) => c.name === chosen);
  const needed = combo
    ? methods.filter((m) => combo.members.includes(m.name))
    : methods.filter((m) => m.name === chosen);
  const fallback = needed.length > 0 ? needed : [methods[0]!];
  const final = forecastAll(fallback, combo ? [combo] : [], y, options, h, options.futureDrivers, options.drivers);
  return finish(chosen, final.get(chosen) ?? [...final.values()][0]!, ratios, backtest, notes, levels, nonNegative);
}

/** Interval half-widths from the backtest: the level's quantile of |error| / model sd, never below normal. */
function finish(
  method: string,
  raw: Forecast,
  ratios: readonly number[],
  backtest: MethodScore[],
  notes: string[],
  levels: readonly number[],
  nonNegative: boolean,
): AutoResult {
  const calibration = levels.map((level) => {
    const z = zOfLevel(level);
    const empirical = ratios.length > 0 ? quantile([...ratios], level / 100) : z;
    return { level, multiplier: Math.max(z, empirical), errors: ratios.length };
  });
  const mean = nonNegative ? raw.mean.map((v) => Math.max(0, v)) : raw.mean;
  const intervals = calibration.map(({ level, multiplier }) => ({
    level,
    lower: mean.map((m, i) => (nonNegative ? Math.max(0, m - multiplier * raw.sd[i]!) : m - multiplier * raw.sd[i]!)),
    upper: mean.map((m, i) => m + multiplier * raw.sd[i]!),
  }));
  return { method, forecast: { mean, sd: raw.sd, intervals }, backtest, calibration, notes };
}
