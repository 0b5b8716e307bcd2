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

export interface WindowMeanState {
  window: number[];
  sigma2: number;
}

/** The mean of the last `size` points, flat ahead: steady for noisy daily counts. */
export function createWindowMean(size: number): ForecastModel<WindowMeanState> {
  return {
    name: `mean_${size}`,
    minLength: () => 2,
    fit(y) {
      const window = y.slice(-size);
      const m = window.reduce((s, v) => s + v, 0) / window.length;
      const sigma2 = window.reduce((s, v) => s + (v - m) ** 2, 0) / Math.max(1, window.length - 1);
      return { window, sigma2 };
    },
    forecast(state, h, levels = [80, 95]) {
      const m = state.window.reduce((s, v) => s + v, 0) / state.window.length;
      const sd = Math.sqrt(state.sigma2 * (1 + 1 / state.window.length));
      return normalForecast(new Array<number>(h).fill(m), new Array<number>(h).fill(sd), levels);
    },
    update(state, points) {
      return createWindowMean(size).fit([...state.window, ...points], { period: 1 });
    },
  };
}

export const mean28 = createWindowMean(28);
