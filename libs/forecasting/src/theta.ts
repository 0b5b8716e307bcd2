import { seasonalIndices } from './decompose.js';
import { type ForecastModel, normalForecast } from './model.js';
import { nelderMead } from './nelder-mead.js';
import { acf, linearTrend } from './stats.js';

export interface ThetaState {
  variant: 'standard' | 'optimised';
  /** Multiplicative seasonal indices, k applying k+1 steps ahead; empty when not seasonal. */
  season: number[];
  theta: number;
  alpha: number;
  /** SES level of the theta line after the last point. */
  level: number;
  /** Least-squares line of the seasonally adjusted series. */
  intercept: number;
  slope: number;
  n: number;
  sigma2: number;
}

/**
 * Seasonality test of Assimakopoulos & Nikolopoulos as R's thetaf runs it: the lag-m
 * autocorrelation against 1.645·sqrt((1 + 2Σ_{k<m} r_k²)/n).
 */
export function thetaSeasonal(y: readonly number[], m: number): boolean {
  if (m <= 1 || y.length < 3 * m || !y.every((v) => v > 0)) return false;
  let s = 0;
  for (let k = 1; k < m; k++) s += acf(y, k) ** 2;
  return Math.abs(acf(y, m)) > 1.645 * Math.sqrt((1 + 2 * s) / y.length);
}

/** Theta line θ·y + (1 − θ)·line, smoothed by SES (level from the first point); returns level and SSE. */
function sesOnThetaLine(x: readonly number[], theta: number, a: number, b: number, alpha: number) {
  let level = theta * x[0]! + (1 - theta) * a;
  let sse = 0;
  for (let t = 1; t < x.length; t++) {
    const z = theta * x[t]! + (1 - theta) * (a + b * t);
    const e = z - level;
    sse += e * e;
    level += alpha * e;
  }
  return { level, sse };
}

/** One-step in-sample errors of the Theta forecast itself (for σ² and the optimised θ). */
function thetaSse(x: readonly number[], theta: number, a: number, b: number, alpha: number): number {
  let level = theta * x[0]! + (1 - theta) * a;
  let sse = 0;
  for (let t = 1; t < x.length; t++) {
    const f = (1 - 1 / theta) * (a + b * t) + level / theta;
    sse += (x[t]! - f) ** 2;
    level += alpha * (theta * x[t]! + (1 - theta) * (a + b * t) - level);
  }
  return sse;
}

/**
 * Theta (Assimakopoulos & Nikolopoulos 2000): the series, seasonally adjusted when seasonal,
 * split into the regression line (θ = 0) and a θ-line extrapolated by SES; the forecast is
 * (1 − 1/θ)·line + (1/θ)·SES. Standard Theta fixes θ = 2 (equivalent to SES with drift b/2,
 * Hyndman & Billah 2003, as R's thetaf); the optimised variant (OTM, Fiorucci et al. 2016)
 * chooses θ ≥ 1 and α by in-sample one-step squared error.
 */
export function createTheta(variant: 'standard' | 'optimised'): ForecastModel<ThetaState> {
  return {
    name: variant === 'standard' ? 'theta' : 'theta_optimised',
    minLength: () => 4,
    fit(y, { period }) {
      const seasonal = thetaSeasonal(y, period);
      const raw = seasonal ? seasonalIndices(y, period, true) : [];
      const x = seasonal ? y.map((v, t) => v / raw[t % period]!) : [...y];
      const { intercept: a, slope: b } = linearTrend(x);
      let theta = 2;
      let alpha = 0.5;
      if (variant === 'standard') {
        alpha = nelderMead(
          (p) => (p[0]! < 1e-4 || p[0]! > 0.9999 ? Infinity : sesOnThetaLine(x, 2, a, b, p[0]!).sse),
          [0.5],
          {
            step: [0.2],
          },
        ).x[0]!;
      } else {
        const best = nelderMead(
          (p) =>
            p[0]! < 1e-4 || p[0]! > 0.9999 || p[1]! < 1 || p[1]! > 10 ? Infinity : thetaSse(x, p[1]!, a, b, p[0]!),
          [0.5, 2],
          { step: [0.2, 0.5] },
        );
        alpha = best.x[0]!;
        theta = best.x[1]!;
      }
      const { level } = sesOnThetaLine(x, theta, a, b, alpha);
      const n = x.length;
      const season = seasonal ? Array.from({ length: period }, (_, k) => raw[(n + k) % period]!) : [];
      return {
        variant,
        season,
        theta,
        alpha,
        level,
        intercept: a,
        slope: b,
        n,
        sigma2: thetaSse(x, theta, a, b, alpha) / Math.max(1, n - 2),
      };
    },
    forecast(state, h, levels = [80, 95]) {
      const { theta, intercept: a, slope: b, n, level, season } = state;
      const adjusted = Array.from({ length: h }, (_, i) => (1 - 1 / theta) * (a + b * (n + i)) + level / theta);
      const sdAdjusted = adjusted.map((_, i) => Math.sqrt(state.sigma2 * (1 + state.alpha ** 2 * i)));
      const factor = (i: number) => (season.length > 0 ? season[i % season.length]! : 1);
      const mean = adjusted.map((v, i) => v * factor(i));
      return normalForecast(
        mean,
        sdAdjusted.map((s, i) => s * factor(i)),
        levels,
      );
    },
    update(state, points) {
      const m = state.season.length;
      let { level, n } = state;
      const { theta, intercept: a, slope: b, alpha } = state;
      let season = state.season;
      for (const p of points) {
        const v = m > 0 ? p / season[0]! : p;
        level += alpha * (theta * v + (1 - theta) * (a + b * n) - level);
        n++;
        if (m > 0) season = [...season.slice(1), season[0]!];
      }
      return { ...state, level, n, season };
    },
  };
}

export const theta = createTheta('standard');
export const thetaOptimised = createTheta('optimised');
