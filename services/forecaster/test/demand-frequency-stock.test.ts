import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { InlineFitter } from '../src/adapters/inline-fitter.adapter.js';
import { demandFitInputs } from '../src/domain/demand-drivers.js';
import { periodStart, shiftPeriod } from '../src/domain/demand-periods.js';
import { Forecaster } from '../src/domain/forecaster.js';
import { stockOutShare } from '../src/domain/stock-outs.js';
import type { DailyDemand, DemandSeriesSource } from '../src/ports/demand-series.port.js';

const DAY = 86_400_000;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const WEEK = [1.2, 0.9, 0.9, 1, 1, 1.1, 1.3];

/** 20 a day with a weekly pattern, December twice as busy; sold out (0, flagged) on `soldOut` days. */
function shopSource(firstDay = '2020-01-01', soldOut = new Set<string>()) {
  const calls: { from: string; to: string }[] = [];
  const source: DemandSeriesSource = {
    async dailyDemand(_node, from, to) {
      calls.push({ from, to });
      const days: string[] = [];
      for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += DAY) days.push(dayOf(t));
      const units = days.map((d, i) => {
        if (d < firstDay || soldOut.has(d)) return 0;
        const december = d.slice(5, 7) === '12' ? 2 : 1;
        return Math.round(20 * december * WEEK[new Date(d).getUTCDay()]! + ((i * 37) % 5));
      });
      const zeros = days.map(() => 0);
      return {
        days,
        units,
        views: units.map((u) => 10 * u + 5),
        goodReviews: zeros,
        badReviews: zeros,
        carts: units.map((u) => u + 1),
        revenue: units.map((u) => 9.9 * u),
        outOfStock: days.map((d) => (soldOut.has(d) ? 1 : 0)),
      } satisfies DailyDemand;
    },
    itemsDemand: async () => ({ days: [], items: [] }),
    userActivity: async () => [],
  };
  return { source, calls };
}

const now = () => Date.UTC(2026, 4, 1, 9); // Friday 2026-05-01
const limits = { maxHorizon: 60, historyDays: 120, propensityTtlMs: 0 };

describe('ForecastDemand by week and by month', () => {
  it('weekly: whole Monday–Sunday weeks up to the current one, dated by their Monday, about 7 days of demand', async () => {
    const { source, calls } = shopSource();
    const out = await new Forecaster(source, new InlineFitter(), limits, now).forecastDemand({
      level: 'shop',
      id: '',
      horizon: 3,
      levels: [],
      frequency: 'weekly',
    });
    assert.equal(calls[0]!.to, '2026-04-26');
    assert.equal(new Date(`${calls[0]!.from}T00:00:00Z`).getUTCDay(), 1);
    assert.deepEqual(
      out.points.map((p) => p.timestamp),
      ['2026-04-27', '2026-05-04', '2026-05-11'],
    );
    for (const p of out.points) assert.ok(p.mean > 120 && p.mean < 170, `a week of ~20 a day: ${p.mean}`);
    assert.ok(out.drivers.some((d) => d.driver === 'views'));
  });

  it('monthly: a yearly season once three years are there (December forecast up)', async () => {
    const { source, calls } = shopSource();
    const out = await new Forecaster(source, new InlineFitter(), limits, now).forecastDemand({
      level: 'category',
      id: 'tea',
      horizon: 8,
      levels: [80, 95],
      frequency: 'monthly',
    });
    assert.equal(calls[0]!.to, '2026-04-30');
    assert.equal(calls[0]!.from.slice(8), '01');
    assert.deepEqual(out.points[0]!.timestamp, '2026-05-01');
    assert.deepEqual(out.points[7]!.timestamp, '2026-12-01');
    const [may, december] = [out.points[0]!.mean, out.points[7]!.mean];
    assert.ok(may > 500 && may < 750, `May ~31 × 20: ${may}`);
    assert.ok(december > 1.5 * out.points[6]!.mean, `December ${december} vs November ${out.points[6]!.mean}`);
    assert.ok(!out.notes.some((n) => /no season/.test(n)), out.notes.join('; '));
  });

  it('leaves out the months before the first sale and fits without a season when two years are missing', async () => {
    const { source } = shopSource('2025-09-01');
    const out = await new Forecaster(source, new InlineFitter(), limits, now).forecastDemand({
      level: 'shop',
      id: '',
      horizon: 2,
      levels: [],
      frequency: 'monthly',
    });
    assert.match(out.notes[0]!, /^8 monthly points are fewer than two seasons \(12\) and the horizon: no season/);
    assert.ok(out.points[0]!.mean > 500, `no leading zeros dragging the level down: ${out.points[0]!.mean}`);
  });

  it('INVALID_ARGUMENT naming frequency for an unknown one', async () => {
    const { source } = shopSource();
    await assert.rejects(
      new Forecaster(source, new InlineFitter(), limits, now).forecastDemand({
        level: 'shop',
        id: '',
        horizon: 2,
        levels: [],
        frequency: 'hourly',
      }),
      (e: { code: string; message: string }) => e.code === 'INVALID_ARGUMENT' && /^frequency: /.test(e.message),
    );
  });

  it('periods: Monday of the week, first of the month, steps across year ends', () => {
    assert.equal(periodStart('2026-05-03', 'weekly'), '2026-04-27');
    assert.equal(periodStart('2026-04-27', 'weekly'), '2026-04-27');
    assert.equal(periodStart('2026-05-31', 'monthly'), '2026-05-01');
    assert.equal(shiftPeriod('2026-11-01', 'monthly', 3), '2027-02-01');
    assert.equal(shiftPeriod('2026-12-28', 'weekly', 1), '2027-01-04');
  });
});

describe('stock-outs', () => {
  it('stockOutShare: the share of each day at stock ≤ 0, in stock before the first known level', () => {
    const at = (s: string) => Date.parse(s);
    const changes = [
      { at: at('2026-03-02T18:00:00Z'), stock: 0 },
      { at: at('2026-03-01T00:00:00Z'), stock: 4 },
      { at: at('2026-03-04T06:00:00Z'), stock: 10 },
    ];
    assert.deepEqual(
      stockOutShare(changes, ['2026-02-28', '2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04']),
      [0, 0, 0.25, 1, 0.25],
    );
    assert.deepEqual(stockOutShare([{ at: at('2026-02-01T00:00:00Z'), stock: -2 }], ['2026-03-01']), [1]);
  });

  it('masks sold-out days from the units every method fits; the horizon is planned in stock', () => {
    const days = Array.from({ length: 21 }, (_, i) => dayOf(Date.UTC(2026, 2, 2) + i * DAY));
    const units = days.map((_, i) => 10 + (i % 7));
    units[15] = 0;
    units[16] = 3; // out of stock most of the day: sold 3 before it ran out
    const outOfStock = days.map((_, i) => (i === 15 ? 1 : i === 16 ? 0.6 : i === 17 ? 0.2 : 0));
    const zeros = days.map(() => 0);
    const inputs = demandFitInputs(
      { units, views: zeros, goodReviews: zeros, badReviews: zeros, carts: zeros, revenue: zeros, outOfStock },
      days,
      ['2026-03-23', '2026-03-24'],
      [{ date: '2026-03-24', kind: 'holiday', name: 'x' }],
    );
    assert.equal(inputs.values[15], 11); // the same weekday's in-stock mean (11, 11)
    assert.equal(inputs.values[16], 12);
    assert.equal(inputs.values[17], units[17]); // a fifth of a day out: kept
    assert.deepEqual(inputs.drivers['out_of_stock'], outOfStock);
    assert.deepEqual(inputs.futureDrivers, { out_of_stock: [0, 0], holiday: [0, 1] });
    assert.deepEqual(inputs.knownAhead, ['holiday']);
  });

  it('an item sold out for its last days is still forecast at its in-stock level', async () => {
    const soldOut = new Set(Array.from({ length: 9 }, (_, k) => dayOf(Date.UTC(2026, 3, 30) - k * DAY)));
    const request = { level: 'item' as const, id: 'i1', horizon: 7, levels: [] };
    const masked = await new Forecaster(
      shopSource('2020-01-01', soldOut).source,
      new InlineFitter(),
      limits,
      now,
    ).forecastDemand(request);
    const level = masked.points.reduce((s, p) => s + p.mean, 0) / 7;
    assert.ok(level > 17, `forecast ${level} a day, about 20 in stock`);
    assert.ok(masked.drivers.some((d) => d.driver === 'out_of_stock'));
  });
});
