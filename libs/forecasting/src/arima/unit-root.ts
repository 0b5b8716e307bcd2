import { centredMovingAverage } from '../decompose.js';
import { mean, variance } from '../stats.js';

/** KPSS level-stationarity statistic with the Newey–West long-run variance, ⌊3√n/13⌋ lags as forecast::ndiffs. */
export function kpssStatistic(y: readonly number[]): number {
  const n = y.length;
  const m = mean(y);
  const e = y.map((v) => v - m);
  let s = 0;
  let eta = 0;
  for (const v of e) {
    s += v;
    eta += s * s;
  }
  eta /= n * n;
  const lags = Math.trunc((3 * Math.sqrt(n)) / 13);
  let lrv = e.reduce((acc, v) => acc + v * v, 0) / n;
  for (let l = 1; l <= lags; l++) {
    let c = 0;
    for (let t = l; t < n; t++) c += e[t]! * e[t - l]!;
    lrv += (2 * (1 - l / (lags + 1)) * c) / n;
  }
  return lrv > 0 ? eta / lrv : 0;
}

/** 5 % critical value of the KPSS level test (Kwiatkowski et al. 1992). */
export const KPSS_CRITICAL_5 = 0.463;

export function difference(y: readonly number[], lag = 1): number[] {
  const out: number[] = [];
  for (let t = lag; t < y.length; t++) out.push(y[t]! - y[t - lag]!);
  return out;
}

/** Number of first differences (0–2) until KPSS no longer rejects at 5 %, as forecast::ndiffs. */
export function ndiffs(y: readonly number[], maxD = 2): number {
  let x = y;
  let d = 0;
  while (d < maxD && x.length > 10 && variance(x) > 0 && kpssStatistic(x) > KPSS_CRITICAL_5) {
    x = difference(x);
    d++;
  }
  return d;
}

/**
 * Seasonal strength F_S = max(0, 1 − Var(R)/Var(S + R)) of Wang, Smith & Hyndman (2006), which
 * forecast::nsdiffs's default test computes on an STL decomposition and compares with 0.64. Here
 * the trend is a centred moving average and, as STL's seasonal smoother lets the pattern evolve,
 * the seasonal part at t is the mean of the detrended values at the same position in the
 * seven nearest cycles (three either side).
 */
export function seasonalStrength(y: readonly number[], m: number): number {
  if (m <= 1 || y.length < 2 * m + 1) return 0;
  const trend = centredMovingAverage(y, m);
  const detrended = y.map((v, t) => v - trend[t]!);
  const seasonPlusRemainder: number[] = [];
  const remainder: number[] = [];
  for (let t = 0; t < y.length; t++) {
    if (Number.isNaN(detrended[t]!)) continue;
    let s = 0;
    let count = 0;
    for (let k = -3; k <= 3; k++) {
      const v = detrended[t + k * m];
      if (v !== undefined && !Number.isNaN(v)) {
        s += v;
        count++;
      }
    }
    seasonPlusRemainder.push(detrended[t]!);
    remainder.push(detrended[t]! - s / count);
  }
  const total = variance(seasonPlusRemainder);
  return total > 0 ? Math.max(0, 1 - variance(remainder) / total) : 0;
}

export function nsdiffs(y: readonly number[], m: number): number {
  return seasonalStrength(y, m) > 0.64 ? 1 : 0;
}
