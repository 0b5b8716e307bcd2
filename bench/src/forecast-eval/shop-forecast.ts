// The shop's items, categories and the whole shop forecast 28 days ahead with automatic choice
// (items: the fast profile plus the driver regression; categories and shop: every method), then
// reconciled so they add up; each level scored beside seasonal naive and the 28-day mean.
import {
  type AnyModel,
  type AutoResult,
  autoForecast,
  coverage,
  defaultMethods,
  driverRegression,
  fastMethods,
  mase,
  mean28,
  naiveScale,
  reconcile,
  seasonalNaive,
  wape,
} from '@demand/forecasting';
import type { ShopSeries } from './shop-data.js';

export const H = 28;
const PERIOD = 7;

export interface LevelScore {
  level: 'item' | 'category' | 'shop';
  series: number;
  mase: number;
  maseReconciled: number;
  maseNaive: number;
  maseMean28: number;
  wape: number;
  wapeNaive: number;
  wapeMean28: number;
  coverage: Map<number, { inside: number; total: number }>;
  methods: Map<string, number>;
}

interface Node {
  train: number[];
  test: number[];
  drivers: Record<string, number[]>;
  result: AutoResult;
}

const sum = (rows: number[][]) => rows[0]!.map((_, t) => rows.reduce((s, r) => s + r[t]!, 0));

function forecastNode(values: number[], drivers: Record<string, number[]>, methods: (y: number[]) => AnyModel[]): Node {
  const cut = values.length - H;
  const train = values.slice(0, cut);
  const trainDrivers = Object.fromEntries(Object.entries(drivers).map(([k, v]) => [k, v.slice(0, cut)]));
  const result = autoForecast(train, {
    period: PERIOD,
    h: H,
    methods: [...methods(train), mean28, driverRegression],
    drivers: trainDrivers,
    origins: 4,
    step: 7,
  });
  return { train, test: values.slice(cut), drivers, result };
}

export function forecastShop(data: ShopSeries, progress: (line: string) => void): LevelScore[] {
  const drivers = (rows: ShopSeries['items']) => ({
    views: sum(rows.map((r) => r.views)),
    good_reviews: sum(rows.map((r) => r.good)),
    bad_reviews: sum(rows.map((r) => r.bad)),
  });
  const started = performance.now();
  const items = data.items.map((item) =>
    forecastNode(item.units, { views: item.views, good_reviews: item.good, bad_reviews: item.bad }, fastMethods),
  );
  progress(`shop: ${items.length} items forecast in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const full = (y: readonly number[]) => defaultMethods(y, false);
  const categories = data.categories.map((c) => {
    const rows = data.items.filter((i) => i.category === c);
    return forecastNode(sum(rows.map((r) => r.units)), drivers(rows), full);
  });
  const shop = forecastNode(sum(data.items.map((i) => i.units)), drivers(data.items), full);
  const tree = {
    categoryOf: data.items.map((i) => data.categories.indexOf(i.category)),
    categories: data.categories.length,
  };
  const variance = (n: Node) => (n.result.forecast.sd[0] ?? 1) ** 2 + 1e-6;
  const reconciled = reconcile(
    {
      items: items.map((n) => n.result.forecast.mean),
      categories: categories.map((n) => n.result.forecast.mean),
      shop: shop.result.forecast.mean,
    },
    tree,
    'wls',
    { items: items.map(variance), categories: categories.map(variance), shop: variance(shop) },
  );
  return [
    score('item', items, reconciled.items),
    score('category', categories, reconciled.categories),
    score('shop', [shop], [reconciled.shop]),
  ];
}

function score(level: LevelScore['level'], nodes: Node[], reconciled: number[][]): LevelScore {
  const scored = nodes.map((n, i) => ({ n, i })).filter(({ n }) => naiveScale(n.train, PERIOD) > 0);
  const meanOf = (f: (n: Node, i: number) => number) => scored.reduce((s, { n, i }) => s + f(n, i), 0) / scored.length;
  const naive = (n: Node) => seasonalNaive.forecast(seasonalNaive.fit(n.train, { period: PERIOD }), H).mean;
  const mean28 = (n: Node) => new Array<number>(H).fill(n.train.slice(-28).reduce((s, v) => s + v, 0) / 28);
  const pooled = (f: (n: Node, i: number) => number[]) =>
    wape(
      nodes.flatMap((n) => n.test),
      nodes.flatMap((n, i) => f(n, i)),
    );
  const coverageByLevel = new Map<number, { inside: number; total: number }>();
  const methods = new Map<string, number>();
  for (const n of nodes) {
    methods.set(n.result.method, (methods.get(n.result.method) ?? 0) + 1);
    for (const interval of n.result.forecast.intervals) {
      const c = coverage(n.test, interval);
      const total = coverageByLevel.get(interval.level) ?? { inside: 0, total: 0 };
      coverageByLevel.set(interval.level, { inside: total.inside + c.inside, total: total.total + c.total });
    }
  }
  return {
    level,
    series: scored.length,
    mase: meanOf((n) => mase(n.test, n.result.forecast.mean, n.train, PERIOD)),
    maseReconciled: meanOf((n, i) => mase(n.test, reconciled[i]!, n.train, PERIOD)),
    maseNaive: meanOf((n) => mase(n.test, naive(n), n.train, PERIOD)),
    maseMean28: meanOf((n) => mase(n.test, mean28(n), n.train, PERIOD)),
    wape: pooled((n) => n.result.forecast.mean),
    wapeNaive: pooled(naive),
    wapeMean28: pooled(mean28),
    coverage: coverageByLevel,
    methods,
  };
}
