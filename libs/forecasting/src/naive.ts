import { type ForecastModel, normalForecast } from './model.js';

export interface SeasonalNaiveState {
  period: number;
  /** The last `period` observations, oldest first. */
  lastSeason: number[];
  /** Residual variance of the in-sample seasonal-naive one-season-ahead forecasts. */
  sigma2: number;
  count: number;
}

/** y(t + h) = y(t + h − m·k): the last season repeated; the baseline every method must beat. */
export const seasonalNaive: ForecastModel<SeasonalNaiveState> = {
  name: 'seasonal_naive',
  minLength: (period) => Math.max(1, period),
  fit(y, { period }) {
    const m = Math.max(1, Math.min(period, y.length));
    let ss = 0;
    let count = 0;
    for (let t = m; t < y.length; t++) {
      ss += (y[t]! - y[t - m]!) ** 2;
      count++;
    }
    return { period: m, lastSeason: y.slice(-m), sigma2: count > 0 ? ss / count : 0, count: y.length };
  },
  forecast(state, h, levels = [80, 95]) {
    const m = state.period;
    const mean = Array.from({ length: h }, (_, i) => state.lastSeason[i % m]!);
    const sd = mean.map((_, i) => Math.sqrt(state.sigma2 * (Math.floor(i / m) + 1)));
    return normalForecast(mean, sd, levels);
  },
  update(state, points) {
    const m = state.period;
    const all = [...state.lastSeason, ...points];
    let ss = state.sigma2 * Math.max(0, state.count - m);
    for (let t = m; t < all.length; t++) ss += (all[t]! - all[t - m]!) ** 2;
    const count = state.count + points.length;
    return { ...state, lastSeason: all.slice(-m), sigma2: count > m ? ss / (count - m) : 0, count };
  },
};
