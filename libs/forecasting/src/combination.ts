import type { Forecast, ForecastModel, Interval } from './model.js';
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

export interface CombinationState {
  members: { name: string; state: unknown }[];
}

/**
 * A combination with the shared model shape: fits every member, forecasts their mean or median.
 * Members may hold different state types, hence `any`.
 */
export function createCombination(
  name: string,
  members: readonly ForecastModel<any>[],
  by: CombineBy,
): ForecastModel<CombinationState> {
  const byName = new Map(members.map((m) => [m.name, m]));
  return {
    name,
    minLength: (period) => Math.max(...members.map((m) => m.minLength(period))),
    fit: (y, options) => ({ members: members.map((m) => ({ name: m.name, state: m.fit(y, options) })) }),
    forecast: (state, h, levels = [80, 95], context) =>
      combineForecasts(
        state.members.map((m) => byName.get(m.name)!.forecast(m.state, h, levels, context)),
        by,
        levels,
      ),
    update: (state, points, drivers) => ({
      members: state.members.map((m) => ({
        name: m.name,
        state: byName.get(m.name)!.update(m.state, points, drivers),
      })),
    }),
  };
}
