import { invalidSeries } from './forecast.error.js';
import { solveSpd } from './linalg.js';
import { type ForecastContext, type ForecastModel, normalForecast } from './model.js';

export interface DriverRegressionState {
  period: number;
  drivers: string[];
  /** Intercept, then period − 1 season dummies, then one coefficient per driver (on standardised log1p). */
  coefficients: number[];
  centre: number[];
  scale: number[];
  /** Position in the season of the next point. */
  phase: number;
  /** The last season of each driver, repeated when future values are not given. */
  lastSeason: number[][];
  dispersion: number;
}

export interface DriverContribution {
  driver: string;
  /** Multiplicative effect on demand of one standard deviation more of log1p(driver). */
  effectPerSd: number;
  /** Mean over the horizon of the forecast minus the forecast with this driver at its usual level. */
  contribution: number;
}

export interface DriverRegressionOptions {
  /** Ridge penalty on the season and driver coefficients. */
  lambda?: number;
  /** Half-life in points of the weight of past observations, so the fit follows the level. */
  halfLife?: number;
}

function features(state: Pick<DriverRegressionState, 'period' | 'centre' | 'scale'>, phase: number, values: number[]) {
  const row = [1];
  for (let k = 1; k < state.period; k++) row.push(phase === k ? 1 : 0);
  values.forEach((v, j) => row.push((Math.log1p(Math.max(0, v)) - state.centre[j]!) / state.scale[j]!));
  return row;
}

function dotRow(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/**
 * Count-aware regression of demand on its drivers (seed 000's linear model, here a ridge-penalised
 * Poisson GLM with log link, fitted by Newton–IRLS): log E[y_t] = β₀ + season(t) + Σ_k β_k·z_k(t),
 * z_k = standardised log1p(driver k). Reports each driver's contribution to the forecast.
 */
export function createDriverRegression(options: DriverRegressionOptions = {}): ForecastModel<DriverRegressionState> & {
  contributions(state: DriverRegressionState, h: number, context?: ForecastContext): DriverContribution[];
} {
  const lambda = options.lambda ?? 1;
  const halfLife = options.halfLife ?? 120;
  const futureDrivers = (state: DriverRegressionState, h: number, context?: ForecastContext) =>
    state.drivers.map((name, j) => {
      const given = context?.drivers?.[name];
      return Array.from({ length: h }, (_, i) => given?.[i] ?? state.lastSeason[j]![i % state.period]!);
    });
  const model = {
    name: 'regression',
    minLength: (period: number) => Math.max(14, 2 * period),
    fit(
      y: readonly number[],
      { period, drivers = {} }: { period: number; drivers?: Readonly<Record<string, readonly number[]>> },
    ) {
      if (y.some((v) => v < 0)) throw invalidSeries('values', 'the driver regression needs non-negative demand');
      const names = Object.keys(drivers).sort();
      for (const name of names)
        if (drivers[name]!.length !== y.length) throw invalidSeries(`drivers.${name}`, 'must have one value per point');
      const m = Math.max(1, period);
      const logs = names.map((name) => drivers[name]!.map((v) => Math.log1p(Math.max(0, v))));
      const centre = logs.map((x) => x.reduce((s, v) => s + v, 0) / x.length);
      const scale = logs.map((x, j) => Math.sqrt(x.reduce((s, v) => s + (v - centre[j]!) ** 2, 0) / x.length) || 1);
      const shape = { period: m, centre, scale };
      const rows = y.map((_, t) =>
        features(
          shape,
          t % m,
          names.map((name) => drivers[name]![t]!),
        ),
      );
      const weights = y.map((_, t) => 0.5 ** ((y.length - 1 - t) / halfLife));
      const p = rows[0]!.length;
      const meanY = y.reduce((s, v) => s + v, 0) / y.length;
      const beta = new Array<number>(p).fill(0);
      beta[0] = Math.log(Math.max(meanY, 1e-3));
      for (let iteration = 0; iteration < 25; iteration++) {
        const hessian = Array.from({ length: p }, (_, i) =>
          Array.from({ length: p }, (_, j) => (i === j && i > 0 ? lambda : 0)),
        );
        const gradient = beta.map((b, i) => (i > 0 ? -lambda * b : 0));
        rows.forEach((x, t) => {
          const mu = Math.exp(Math.min(30, dotRow(x, beta)));
          const w = weights[t]!;
          for (let i = 0; i < p; i++) {
            gradient[i]! += w * (y[t]! - mu) * x[i]!;
            for (let j = 0; j <= i; j++) hessian[i]![j]! += w * mu * x[i]! * x[j]!;
          }
        });
        for (let i = 0; i < p; i++) for (let j = i + 1; j < p; j++) hessian[i]![j] = hessian[j]![i]!;
        const stepVector = solveSpd(hessian, gradient);
        let change = 0;
        for (let i = 0; i < p; i++) {
          beta[i]! += stepVector[i]!;
          change = Math.max(change, Math.abs(stepVector[i]!));
        }
        if (change < 1e-7) break;
      }
      let pearson = 0;
      let weightSum = 0;
      rows.forEach((x, t) => {
        const mu = Math.exp(dotRow(x, beta));
        pearson += (weights[t]! * (y[t]! - mu) ** 2) / Math.max(mu, 1e-6);
        weightSum += weights[t]!;
      });
      return {
        period: m,
        drivers: names,
        coefficients: beta,
        centre,
        scale,
        phase: y.length % m,
        lastSeason: names.map((name) => lastSeason(drivers[name]!, m)),
        dispersion: Math.max(1, pearson / Math.max(1, weightSum - p)),
      };
    },
    forecast(state: DriverRegressionState, h: number, levels: readonly number[] = [80, 95], context?: ForecastContext) {
      const future = futureDrivers(state, h, context);
      const mean = Array.from({ length: h }, (_, i) =>
        Math.exp(
          dotRow(
            features(
              state,
              (state.phase + i) % state.period,
              future.map((d) => d[i]!),
            ),
            state.coefficients,
          ),
        ),
      );
      const forecast = normalForecast(
        mean,
        mean.map((mu) => Math.sqrt(state.dispersion * mu)),
        levels,
      );
      for (const interval of forecast.intervals) interval.lower = interval.lower.map((v) => Math.max(0, v));
      return forecast;
    },
    update(
      state: DriverRegressionState,
      points: readonly number[],
      drivers: Readonly<Record<string, readonly number[]>> = {},
    ) {
      const lastSeasons = state.drivers.map((name, j) =>
        lastSeason(
          [...state.lastSeason[j]!, ...(drivers[name] ?? state.lastSeason[j]!.slice(0, points.length))],
          state.period,
        ),
      );
      return { ...state, phase: (state.phase + points.length) % state.period, lastSeason: lastSeasons };
    },
    contributions(state: DriverRegressionState, h: number, context?: ForecastContext): DriverContribution[] {
      const future = futureDrivers(state, h, context);
      const base = model.forecast(state, h, [], context).mean;
      const offset = state.period;
      return state.drivers.map((driver, j) => {
        const beta = state.coefficients[offset + j]!;
        const without = base.map((mu, i) => {
          const z = (Math.log1p(Math.max(0, future[j]![i]!)) - state.centre[j]!) / state.scale[j]!;
          return mu / Math.exp(beta * z);
        });
        const contribution = base.reduce((s, mu, i) => s + mu - without[i]!, 0) / Math.max(1, h);
        return { driver, effectPerSd: Math.exp(beta), contribution };
      });
    },
  };
  return model;
}

function lastSeason(x: readonly number[], m: number): number[] {
  const tail = x.slice(-m);
  while (tail.length < m) tail.unshift(tail[0] ?? 0);
  return tail;
}

export const driverRegression = createDriverRegression();
