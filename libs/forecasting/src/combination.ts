import type { Forecast, Interval } from './model.js';
import { median } from './stats.js';

export type CombineBy = 'mean' | 'median';

/**
 * Combines member forecasts point by point (the M4 lesson: combinations of ETS, ARIMA and Theta
 * beat each of them). The spread is the mean of the members' standard deviations; intervals are
 * normal around the combined mean until the backtest calibrates them.
 */
export function combineForecasts(members: readonly Forecast[], by: CombineBy, levels: readonly number[]): Forecast {
  const h = members[0]?.mean.length ?? 0;
  const mean: number[] = [];
  const sd: number[] = [];
  for (let i = 0; i < h; i++) {
    const values = members.map((f) => f.mean[i]!);
    mean.push(by === 'median' ? median(values) : values.reduce((s, v) => s + v, 0) / values.length);
    sd.push(members.reduce((s, f) => s + f.sd[i]!, 0) / members.length);
  }
  const intervals: Interval[] = levels.map((level) => {
    const lower: number[] = [];
    const upper: number[] = [];
    for (let i = 0; i < h; i++) {
      const halfWidth =
        members.reduce((s, f) => {
          const own = f.intervals.find((it) => it.level === level);
          return s + (own ? (own.upper[i]! - own.lower[i]!) / 2 : 0);
        }, 0) / members.length;
      lower.push(mean[i]! - halfWidth);
      upper.push(mean[i]! + halfWidth);
    }
    return { level, lower, upper };
  });
  return { mean, sd, intervals };
}
