import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { solveSpd } from '../src/linalg.js';
import {
  autoForecast,
  createCombination,
  createWindowMean,
  ets,
  mase,
  naiveScale,
  nelderMead,
  reconcile,
  seasonalNaive,
  theta,
  wape,
  zOfLevel,
} from '../src/index.js';
import { assertClose, noise } from './fixtures.js';

describe('metrics and helpers (hand-computed)', () => {
  it('MASE scales by the in-sample seasonal naive MAE; WAPE by total actuals', () => {
    const train = [1, 2, 3, 2, 4, 3];
    assertClose(naiveScale(train, 3), (1 + 2 + 0) / 3);
    assertClose(mase([4, 4], [3, 5], train, 3), 1);
    assertClose(wape([4, 6], [3, 5]), 0.2);
    assertClose(zOfLevel(95), 1.959964, 1e-5);
    assertClose(zOfLevel(80), 1.281552, 1e-5);
  });

  it('Nelder–Mead finds the Rosenbrock minimum', () => {
    const rosenbrock = (x: number[]) => 100 * (x[1]! - x[0]! ** 2) ** 2 + (1 - x[0]!) ** 2;
    const best = nelderMead(rosenbrock, [-1.2, 1], { maxIterations: 2000, tolerance: 1e-14 });
    assertClose(best.x[0]!, 1, 1e-3);
    assertClose(best.x[1]!, 1, 2e-3);
  });
});

describe('combination (hand-computed)', () => {
  it('takes the median or mean of its members point by point, and updates each member', () => {
    const last = createWindowMean(1);
    const m3 = createWindowMean(3);
    const m5 = createWindowMean(5);
    const y = [1, 2, 3, 10, 20];
    const median = createCombination('median', [last, m3, m5], 'median');
    const mean = createCombination('mean', [last, m3, m5], 'mean');
    // members forecast 20, 11 and 7.2
    assertClose(median.forecast(median.fit(y, { period: 1 }), 1).mean[0]!, 11);
    assertClose(mean.forecast(mean.fit(y, { period: 1 }), 1).mean[0]!, (20 + 11 + 7.2) / 3);
    const updated = median.update(median.fit(y, { period: 1 }), [2]);
    // members now forecast 2, 32/3 and 7.4
    assertClose(median.forecast(updated, 1).mean[0]!, 7.4);
  });
});

describe('automatic choice by rolling-origin backtest', () => {
  const draw = noise(21);
  const season = [20, -5, -10, 0, 5, 15, -25];
  const y = Array.from({ length: 140 }, (_, t) => 100 + 0.3 * t + season[t % 7]! + 3 * draw());

  it('picks a method that beats seasonal naive on a trending seasonal series and calibrates its intervals', () => {
    const result = autoForecast(y.slice(0, 126), { period: 7, h: 14, methods: [seasonalNaive, ets, theta] });
    assert.notEqual(result.method, 'seasonal_naive');
    const naive = result.backtest.find((s) => s.name === 'seasonal_naive')!;
    assert.ok(result.backtest[0]!.mase < naive.mase);
    const test = y.slice(126);
    const naiveForecast = seasonalNaive.forecast(seasonalNaive.fit(y.slice(0, 126), { period: 7 }), 14).mean;
    assert.ok(mase(test, result.forecast.mean, y.slice(0, 126), 7) < mase(test, naiveForecast, y.slice(0, 126), 7));
    const [i80, i95] = result.forecast.intervals;
    for (let i = 0; i < 14; i++) assert.ok(i95!.lower[i]! <= i80!.lower[i]! && i80!.upper[i]! <= i95!.upper[i]!);
    for (const c of result.calibration) assert.ok(c.multiplier >= zOfLevel(c.level) - 1e-12);
  });

  it('an item that sold nothing in its backtest windows gets intervals of its own scale, not a blown-up one', () => {
    // Silent for ten weeks, then selling 1–3 a day: backtest models fitted on zeros have sd ≈ 0, and a
    // ratio |error| / sd taken at face value once widened the 95 % upper bound to ~10⁸ units a day.
    const sales = [...Array<number>(70).fill(0), ...Array.from({ length: 28 }, (_, t) => 1 + (t % 3))];
    const result = autoForecast(sales, { period: 7, h: 14, methods: [seasonalNaive, ets, theta] });
    const upper95 = Math.max(...result.forecast.intervals.at(-1)!.upper);
    assert.ok(Number.isFinite(upper95) && upper95 < 50, `95 % upper bound ${upper95}`);
    assert.ok(upper95 > Math.max(...result.forecast.mean), 'still wider than the mean');
  });

  it('a series too short for any backtest gets seasonal naive and says so', () => {
    const result = autoForecast([5, 6, 7, 5, 6, 7, 5, 6], { period: 3, h: 3, methods: [seasonalNaive, theta] });
    assert.equal(result.method, 'seasonal_naive');
    assert.match(result.notes[0]!, /too short/);
    assert.deepEqual(result.forecast.mean, [7, 5, 6]);
  });
});

describe('reconciliation', () => {
  const tree = { categoryOf: [0, 0, 1], categories: 2 };
  const base = { items: [[1], [2], [4]], categories: [[4], [5]], shop: [12] };

  it('bottom-up sums the items', () => {
    const r = reconcile(base, tree, 'bottom_up');
    assert.deepEqual(r.categories, [[3], [4]]);
    assert.deepEqual(r.shop, [7]);
  });

  it('WLS with equal weights equals OLS (SᵀS)⁻¹Sᵀŷ computed directly, and adds up', () => {
    const r = reconcile(base, tree, 'wls');
    // S rows: items (identity), category 0 = [1,1,0], category 1 = [0,0,1], shop = [1,1,1]
    const S = [
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
      [1, 1, 0],
      [0, 0, 1],
      [1, 1, 1],
    ];
    const yHat = [1, 2, 4, 4, 5, 12];
    const StS = [0, 1, 2].map((i) => [0, 1, 2].map((j) => S.reduce((s, row) => s + row[i]! * row[j]!, 0)));
    const Sty = [0, 1, 2].map((i) => S.reduce((s, row, k) => s + row[i]! * yHat[k]!, 0));
    const expected = solveSpd(StS, Sty);
    r.items.forEach((f, i) => assertClose(f[0]!, expected[i]!, 1e-9, `item ${i}`));
    assertClose(r.categories[0]![0]!, r.items[0]![0]! + r.items[1]![0]!);
    assertClose(
      r.shop[0]!,
      r.items.reduce((s, f) => s + f[0]!, 0),
    );
  });
});
