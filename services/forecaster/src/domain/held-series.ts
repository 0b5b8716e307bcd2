import { type Hierarchy, reconcile, zOfLevel } from '@demand/forecasting';
import type { DemandTree } from './demand-tree.js';
import type { FitResult, FittedState } from './fit-series.js';
import type { DemandLevelName, ForecastOut } from './forecaster.js';

/** One series of the held set: its fitted state and its reconciled forecast. */
export interface HeldSeries {
  level: DemandLevelName;
  id: string;
  method: string;
  backtestMase: number;
  candidates: ForecastOut['candidates'];
  drivers: ForecastOut['drivers'];
  notes: string[];
  state: FittedState;
  /** Reconciled mean and intervals over the set's horizon. */
  mean: number[];
  intervals: { level: number; lower: number[]; upper: number[] }[];
}

export function fromFit(node: { level: DemandLevelName; id: string }, fit: FitResult): HeldSeries {
  return {
    level: node.level,
    id: node.id,
    method: fit.method,
    backtestMase: fit.backtest.find((b) => b.name === fit.method)?.mase ?? Number.NaN,
    candidates: fit.backtest.map((b) => ({ method: b.name, backtestMase: b.mase })),
    drivers: fit.contributions,
    notes: fit.notes,
    state: fit.state!,
    mean: fit.mean,
    intervals: fit.intervals,
  };
}

/**
 * WLS reconciliation (libs/forecasting) weighted by each series' one-step error variance, read off
 * its calibrated interval; intervals move with their mean and keep their width (never below 0).
 */
export function reconcileSet(base: readonly HeldSeries[], tree: DemandTree): HeldSeries[] {
  const nItems = tree.items.length;
  const items = base.slice(0, nItems);
  const categories = base.slice(nItems, nItems + tree.categories.length);
  const shop = base[base.length - 1]!;
  const variance = (s: HeldSeries) => {
    const it = s.intervals[0];
    if (!it) return 1;
    const sd = (it.upper[0]! - s.mean[0]!) / zOfLevel(it.level);
    return Math.max(sd * sd, 1e-6);
  };
  const hierarchy: Hierarchy = { categoryOf: tree.categoryOf, categories: tree.categories.length };
  const coherent = reconcile(
    { items: items.map((s) => s.mean), categories: categories.map((s) => s.mean), shop: shop.mean },
    hierarchy,
    'wls',
    { items: items.map(variance), categories: categories.map(variance), shop: variance(shop) },
  );
  const means = [...coherent.items, ...coherent.categories, coherent.shop];
  return base.map((s, k) => {
    const mean = means[k]!;
    return {
      ...s,
      mean,
      intervals: s.intervals.map((it) => ({
        level: it.level,
        lower: mean.map((m, i) => Math.max(0, Math.min(m, m - (s.mean[i]! - it.lower[i]!)))),
        upper: mean.map((m, i) => Math.max(m, m + (it.upper[i]! - s.mean[i]!))),
      })),
    };
  });
}

/** The model version's record: data window, methods, backtest metrics per level. */
export function artifact(
  series: readonly HeldSeries[],
  info: {
    kind: 'refit' | 'update';
    reason: string;
    from: string;
    through: string;
    horizon: number;
    levels: number[];
    tree: DemandTree;
  },
) {
  const byLevel = (level: DemandLevelName) => {
    const mases = series.filter((s) => s.level === level && Number.isFinite(s.backtestMase)).map((s) => s.backtestMase);
    const sorted = [...mases].sort((a, b) => a - b);
    return {
      series: series.filter((s) => s.level === level).length,
      meanMase: mases.length > 0 ? mases.reduce((a, b) => a + b, 0) / mases.length : null,
      medianMase: sorted.length > 0 ? sorted[Math.floor(sorted.length / 2)]! : null,
    };
  };
  const methods: Record<string, number> = {};
  for (const s of series) methods[s.method] = (methods[s.method] ?? 0) + 1;
  const metrics = { item: byLevel('item'), category: byLevel('category'), shop: byLevel('shop'), methods };
  const metadata = {
    kind: info.kind,
    reason: info.reason,
    dataWindow: { from: info.from, through: info.through },
    horizon: info.horizon,
    levels: info.levels,
    reconciliation: 'wls',
    metrics,
  };
  const perSeries = series.map((s) => ({
    level: s.level,
    id: s.id,
    method: s.method,
    backtestMase: Number.isFinite(s.backtestMase) ? s.backtestMase : null,
  }));
  return {
    metadata,
    files: {
      'metrics.json': `${JSON.stringify(metrics, null, 2)}\n`,
      'series.json': `${JSON.stringify({ tree: info.tree, series: perSeries })}\n`,
    },
  };
}
