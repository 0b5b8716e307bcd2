import { zOfLevel } from './stats.js';

/** What every method is told about the series it fits. */
export interface SeriesOptions {
  /** Season length in steps (12 monthly, 4 quarterly, 7 daily); 1 = no season. */
  period: number;
  /** Exogenous drivers aligned with the series, by name (used by the regression only). */
  drivers?: Readonly<Record<string, readonly number[]>>;
}

/** One central prediction interval. */
export interface Interval {
  /** Nominal coverage in percent, e.g. 80 or 95. */
  level: number;
  lower: number[];
  upper: number[];
}

/** A forecast: the mean path and, per level, an interval. */
export interface Forecast {
  mean: number[];
  intervals: Interval[];
  /** Standard deviation of the forecast error at each step, as the model sees it. */
  sd: number[];
}

/** Optional future values of drivers for methods that use them. */
export interface ForecastContext {
  drivers?: Readonly<Record<string, readonly number[]>>;
}

/**
 * Every method has this shape: fit → state (plain data, JSON-able); forecast(state, h, levels);
 * update(state, new points) folds in new observations with the fitted parameters kept.
 */
export interface ForecastModel<S = unknown> {
  readonly name: string;
  /** Fewest points the method needs for the given period. */
  minLength(period: number): number;
  fit(y: readonly number[], options: SeriesOptions): S;
  forecast(state: S, h: number, levels?: readonly number[], context?: ForecastContext): Forecast;
  update(state: S, points: readonly number[], drivers?: Readonly<Record<string, readonly number[]>>): S;
}

export const DEFAULT_LEVELS: readonly number[] = [80, 95];

/** Normal intervals around a mean path from per-step standard deviations. */
export function normalForecast(mean: number[], sd: number[], levels: readonly number[]): Forecast {
  const intervals = levels.map((level) => {
    const z = zOfLevel(level);
    return {
      level,
      lower: mean.map((m, i) => m - z * sd[i]!),
      upper: mean.map((m, i) => m + z * sd[i]!),
    };
  });
  return { mean, intervals, sd };
}
