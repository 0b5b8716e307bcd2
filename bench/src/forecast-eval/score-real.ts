import {
  type AnyModel,
  autoArima,
  autoForecast,
  combineForecasts,
  coverage,
  ets,
  type Forecast,
  mase,
  seasonalNaive,
  STRONG_COMBINATIONS,
  theta,
  thetaOptimised,
} from '@demand/forecasting';
import type { PeerForecasts } from './r-peer.js';
import { HORIZON, type RealSeries } from './real-series.js';

export const SINGLE_METHODS: readonly AnyModel[] = [seasonalNaive, ets, autoArima, theta, thetaOptimised];

export interface RealScores {
  /** MASE per series, by method (the project's, the combinations, `auto`, and R's when run). */
  mase: Map<string, number[]>;
  coverage: Map<number, { inside: number; total: number }>;
  choices: string[];
}

export function splitSeries(s: RealSeries): { train: number[]; test: number[]; h: number } {
  const h = HORIZON[s.kind];
  return { train: s.values.slice(0, -h), test: s.values.slice(-h), h };
}

export function scoreRealSeries(
  series: readonly RealSeries[],
  peer: PeerForecasts | undefined,
  progress: (line: string) => void,
): RealScores {
  const scores: RealScores = { mase: new Map(), coverage: new Map(), choices: [] };
  const record = (method: string, value: number) =>
    scores.mase.set(method, [...(scores.mase.get(method) ?? []), value]);
  for (const s of series) {
    const { train, test, h } = splitSeries(s);
    const forecasts = new Map<string, Forecast>();
    for (const model of SINGLE_METHODS) {
      const state = model.fit(train, { period: s.period });
      forecasts.set(model.name, model.forecast(state, h));
    }
    for (const combo of STRONG_COMBINATIONS)
      forecasts.set(
        combo.name,
        combineForecasts(
          combo.members.map((m) => forecasts.get(m)!),
          combo.by,
          [80, 95],
        ),
      );
    for (const [name, f] of forecasts) record(name, mase(test, f.mean, train, s.period));
    const auto = autoForecast(train, { period: s.period, h });
    record('auto', mase(test, auto.forecast.mean, train, s.period));
    for (const interval of auto.forecast.intervals) {
      const c = coverage(test, interval);
      const total = scores.coverage.get(interval.level) ?? { inside: 0, total: 0 };
      scores.coverage.set(interval.level, { inside: total.inside + c.inside, total: total.total + c.total });
    }
    scores.choices.push(`${s.name}:${auto.method}`);
    for (const [method, f] of peer?.get(s.name) ?? []) record(method, mase(test, f.mean, train, s.period));
    const row = [...scores.mase].map(([method, values]) => `${method}=${values.at(-1)!.toFixed(3)}`).join(' ');
    progress(`  ${s.name} (${s.kind}, n=${s.values.length}, h=${h}): auto chose ${auto.method}; MASE ${row}`);
  }
  return scores;
}
