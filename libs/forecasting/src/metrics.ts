import type { Interval } from './model.js';

/** In-sample mean absolute error of the seasonal naive forecast (the MASE scale, Hyndman & Koehler 2006). */
export function naiveScale(train: readonly number[], m: number): number {
  const lag = train.length > m ? Math.max(1, m) : 1;
  let s = 0;
  let count = 0;
  for (let t = lag; t < train.length; t++) {
    s += Math.abs(train[t]! - train[t - lag]!);
    count++;
  }
  return count > 0 ? s / count : Number.NaN;
}

/** Mean absolute scaled error of a forecast against the held-out actuals. */
export function mase(
  actual: readonly number[],
  forecast: readonly number[],
  train: readonly number[],
  m: number,
): number {
  const scale = naiveScale(train, m);
  return mae(actual, forecast) / (scale > 0 ? scale : 1);
}

export function mae(actual: readonly number[], forecast: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < actual.length; i++) s += Math.abs(actual[i]! - forecast[i]!);
  return s / actual.length;
}

/** Weighted absolute percentage error: Σ|a − f| / Σ|a|. */
export function wape(actual: readonly number[], forecast: readonly number[]): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < actual.length; i++) {
    num += Math.abs(actual[i]! - forecast[i]!);
    den += Math.abs(actual[i]!);
  }
  return den > 0 ? num / den : Number.NaN;
}

/** Held-out points inside the interval, and how many were checked. */
export function coverage(actual: readonly number[], interval: Interval): { inside: number; total: number } {
  let inside = 0;
  for (let i = 0; i < actual.length; i++)
    if (actual[i]! >= interval.lower[i]! && actual[i]! <= interval.upper[i]!) inside++;
  return { inside, total: actual.length };
}
