import { mean } from './stats.js';

/**
 * Seasonal indices by classical decomposition (R's decompose): a centred moving average of one
 * season removes the trend, the detrended values are averaged per position in the season and
 * normalised (sum 0 for additive, mean 1 for multiplicative). Index k belongs to position k
 * counted from the series' first point. Needs two full seasons.
 */
export function seasonalIndices(y: ArrayLike<number>, m: number, multiplicative: boolean): number[] {
  const n = y.length;
  const trend = centredMovingAverage(y, m);
  const sums = new Array<number>(m).fill(0);
  const counts = new Array<number>(m).fill(0);
  for (let t = 0; t < n; t++) {
    const c = trend[t];
    if (c === undefined || Number.isNaN(c)) continue;
    sums[t % m]! += multiplicative ? y[t]! / c : y[t]! - c;
    counts[t % m]!++;
  }
  const raw = sums.map((s, k) => (counts[k]! > 0 ? s / counts[k]! : multiplicative ? 1 : 0));
  const centre = mean(raw);
  return raw.map((v) => (multiplicative ? v / centre : v - centre));
}

/** Centred moving average of window m (2×m for even m); NaN where the window does not fit. */
export function centredMovingAverage(y: ArrayLike<number>, m: number): number[] {
  const n = y.length;
  const out = new Array<number>(n).fill(Number.NaN);
  const half = Math.floor(m / 2);
  for (let t = half; t < n - half; t++) {
    let s = 0;
    if (m % 2 === 1) {
      for (let k = -half; k <= half; k++) s += y[t + k]!;
      out[t] = s / m;
    } else {
      for (let k = -half + 1; k < half; k++) s += y[t + k]!;
      s += 0.5 * (y[t - half]! + y[t + half]!);
      out[t] = s / m;
    }
  }
  return out;
}
