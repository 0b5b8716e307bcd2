import { type ForecastModel, normalForecast } from './model.js';

export type IntermittentVariant = 'croston' | 'sba' | 'tsb';

export interface IntermittentState {
  variant: IntermittentVariant;
  alpha: number;
  beta: number;
  /** Smoothed non-zero demand size. */
  size: number;
  /** Croston/SBA: smoothed interval between demands; TSB: smoothed probability of a demand. */
  interval: number;
  probability: number;
  /** Periods since the last demand (Croston/SBA). */
  sinceLast: number;
  sigma2: number;
  count: number;
}

function run(y: readonly number[], s: IntermittentState, track: boolean): { state: IntermittentState; sse: number } {
  let { size, interval, probability, sinceLast } = s;
  let sse = 0;
  for (const v of y) {
    const f = rate(s.variant, size, interval, probability, s.alpha);
    if (track) sse += (v - f) ** 2;
    sinceLast++;
    if (s.variant === 'tsb') {
      probability += s.beta * ((v > 0 ? 1 : 0) - probability);
      if (v > 0) size += s.alpha * (v - size);
    } else if (v > 0) {
      size += s.alpha * (v - size);
      interval += s.alpha * (sinceLast - interval);
      sinceLast = 0;
    }
  }
  return { state: { ...s, size, interval, probability, sinceLast }, sse };
}

function rate(variant: IntermittentVariant, size: number, interval: number, probability: number, alpha: number) {
  if (variant === 'tsb') return probability * size;
  const r = size / Math.max(interval, 1);
  return variant === 'sba' ? (1 - alpha / 2) * r : r;
}

/**
 * Intermittent demand: Croston (1972) smooths the size of non-zero demands and the interval
 * between them; SBA (Syntetos & Boylan 2005) removes Croston's bias with the factor 1 − α/2;
 * TSB (Teunter, Syntetos & Babai 2011) smooths the probability of a demand every period, so
 * forecasts decay when an item stops selling. α (and TSB's β) are chosen on a grid by
 * in-sample one-step squared error; starts from the first demand and the mean interval.
 */
export function createIntermittent(
  variant: IntermittentVariant,
  fixed: { alpha?: number; beta?: number } = {},
): ForecastModel<IntermittentState> {
  return {
    name: variant,
    minLength: () => 2,
    fit(y) {
      const demands = y.map((v, t) => [v, t] as const).filter(([v]) => v > 0);
      const firstSize = demands[0]?.[0] ?? 0;
      const meanInterval = demands.length > 0 ? y.length / demands.length : y.length;
      const grid = [0.05, 0.1, 0.2, 0.3];
      let best: { state: IntermittentState; sse: number } | undefined;
      for (const alpha of fixed.alpha !== undefined ? [fixed.alpha] : grid)
        for (const beta of variant === 'tsb' ? (fixed.beta !== undefined ? [fixed.beta] : grid) : [alpha]) {
          const start: IntermittentState = {
            variant,
            alpha,
            beta,
            size: firstSize,
            interval: meanInterval,
            probability: demands.length / Math.max(1, y.length),
            sinceLast: 0,
            sigma2: 0,
            count: y.length,
          };
          const result = run(y, start, true);
          if (!best || result.sse < best.sse) best = result;
        }
      const chosen = best!;
      return { ...chosen.state, sigma2: chosen.sse / Math.max(1, y.length - 1) };
    },
    forecast(state, h, levels = [80, 95]) {
      const f = rate(state.variant, state.size, state.interval, state.probability, state.alpha);
      const mean = new Array<number>(h).fill(f);
      const forecast = normalForecast(
        mean,
        mean.map(() => Math.sqrt(state.sigma2)),
        levels,
      );
      for (const interval of forecast.intervals) interval.lower = interval.lower.map((v) => Math.max(0, v));
      return forecast;
    },
    update(state, points) {
      const { state: next, sse } = run(points, state, true);
      const count = state.count + points.length;
      return { ...next, count, sigma2: (state.sigma2 * Math.max(1, state.count - 1) + sse) / Math.max(1, count - 1) };
    },
  };
}

export const croston = createIntermittent('croston');
export const sba = createIntermittent('sba');
export const tsb = createIntermittent('tsb');
