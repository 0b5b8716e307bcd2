import assert from 'node:assert/strict';
import { serialize } from 'node:v8';
import { describe, it } from '@jest/globals';
import { InlineFitter } from '../src/adapters/inline-fitter.adapter.js';
import type { CalendarDay } from '../src/domain/calendar.js';
import { DemandRefresher } from '../src/domain/demand-refresh.js';
import type { FitJob, FitResult, UpdateJob } from '../src/domain/fit-series.js';
import { Forecaster } from '../src/domain/forecaster.js';
import type { DemandSeriesSource, ItemDemand } from '../src/ports/demand-series.port.js';
import type { ForecastSetArtifact, PublishedForecast } from '../src/ports/forecast-sink.port.js';

const DAY = 86_400_000;
const WEEK = [1.3, 0.8, 0.9, 1, 1, 1.1, 1.4];
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const ITEMS = [
  { itemId: 'i1', category: 'shoes', base: 12 },
  { itemId: 'i2', category: 'shoes', base: 5 },
  { itemId: 'i3', category: 'tea', base: 20 },
];
/** Units of an item on a day: weekly pattern plus a little deterministic noise. */
const units = (base: number, t: number) => {
  const d = Math.round(t / DAY);
  return Math.max(0, Math.round(base * WEEK[((d % 7) + 7) % 7]! + ((d * 31 + base) % 4) - 1.5));
};

function shop(): DemandSeriesSource & {
  itemsCalls: number;
  dailyCalls: number;
  moved: Record<string, string>;
  promoted: Set<string>;
  soldOut: Set<string>;
} {
  const out = {
    moved: {} as Record<string, string>,
    /** Days every item sells three times as much. */
    promoted: new Set<string>(),
    /** `item:day` pairs when the item was out of stock all day (and sold nothing). */
    soldOut: new Set<string>(),
    itemsCalls: 0,
    dailyCalls: 0,
    async itemsDemand(fromDay: string, toDay: string) {
      out.itemsCalls++;
      const days: string[] = [];
      for (let t = Date.parse(`${fromDay}T00:00:00Z`); t <= Date.parse(`${toDay}T00:00:00Z`); t += DAY)
        days.push(dayOf(t));
      const sold = (itemId: string, base: number, d: string) =>
        out.soldOut.has(`${itemId}:${d}`)
          ? 0
          : (out.promoted.has(d) ? 3 : 1) * units(base, Date.parse(`${d}T00:00:00Z`));
      const items: ItemDemand[] = ITEMS.map(({ itemId, category, base }) => ({
        itemId,
        category: out.moved[itemId] ?? category,
        units: days.map((d) => sold(itemId, base, d)),
        views: days.map(() => 10 * base),
        goodReviews: days.map(() => 0),
        badReviews: days.map(() => 0),
        carts: days.map(() => base),
        revenue: days.map((d) => 9.9 * sold(itemId, base, d)),
        outOfStock: days.map((d) => (out.soldOut.has(`${itemId}:${d}`) ? 1 : 0)),
      }));
      return { days, items };
    },
    async dailyDemand() {
      out.dailyCalls++;
      const { days, items } = await out.itemsDemand('2026-01-01', '2026-04-30');
      const item = items[0]!;
      return { days, ...item };
    },
    async userActivity() {
      return [];
    },
  };
  return out;
}

/**
 * Results of fits this file has already run, by their whole job. fitSeries is pure and most tests start with the
 * same refit of the same shop, so an identical job gets a copy of the answer its first run gave (a full fit takes
 * seconds); a job differing in anything is fitted again.
 */
const fitted = new Map<string, FitResult>();

class CountingFitter extends InlineFitter {
  fits = 0;
  updates = 0;
  jobs: FitJob[] = [];
  override async fit(job: FitJob) {
    this.fits++;
    this.jobs.push(job);
    const key = serialize(job).toString('base64');
    const memo = fitted.get(key);
    if (memo) return structuredClone(memo);
    // Kept as a copy: the fitter's result may share arrays with this job, which its caller may still change.
    const result = await super.fit(job);
    fitted.set(key, structuredClone(result));
    return result;
  }
  override async update(job: UpdateJob) {
    this.updates++;
    return super.update(job);
  }
}

/** Fails the item fit of i2 (views 50 a day), as a numerical corner case would. */
class FailingFitter extends CountingFitter {
  override async fit(job: FitJob) {
    if (job.profile === 'fast' && job.drivers?.['views']?.[0] === 50) throw new Error('optimiser diverged');
    return super.fit(job);
  }
}

function setUp(fitter = new CountingFitter(), calendar: CalendarDay[] = []) {
  let clock = Date.UTC(2026, 4, 1, 6);
  const source = shop();
  const published: PublishedForecast[][] = [];
  const versions: ForecastSetArtifact[] = [];
  const refresher = new DemandRefresher(
    source,
    fitter,
    { publish: async (f) => void published.push([...f]) },
    { publish: async (a) => (versions.push(a), `demand-forecast@${versions.length}`) },
    { horizon: 7, levels: [80, 95], historyDays: 56, refitEveryMs: 7 * DAY, calendar },
    () => clock,
  );
  const limits = { maxHorizon: 60, historyDays: 120, propensityTtlMs: 0 };
  const forecaster = new Forecaster(source, fitter, limits, () => clock, refresher);
  return { source, fitter, published, versions, refresher, forecaster, advance: (ms: number) => (clock += ms) };
}

const demandOf = (f: Forecaster, level: 'item' | 'category' | 'shop', id: string, horizon = 7) =>
  f.forecastDemand({ level, id, horizon, levels: [80, 95] });

describe('scheduled demand forecasts', () => {
  it('a refit publishes every item, category and the shop, records a version, and serves them without fitting', async () => {
    const { fitter, published, versions, refresher, forecaster, source } = setUp();
    assert.equal(await refresher.tick(), 'refit');
    assert.equal(fitter.fits, 6);
    assert.deepEqual(
      published[0]!.map((f) => `${f.level}:${f.id}`),
      ['item:i1', 'item:i2', 'item:i3', 'category:shoes', 'category:tea', 'shop:'],
    );
    const first = published[0]![0]!;
    assert.equal(first.modelVersion, 'demand-forecast@1');
    assert.equal(first.kind, 'refit');
    assert.equal(first.points.length, 7);
    assert.equal(first.points[0]!.timestamp, '2026-05-01');
    assert.equal(first.dataThrough, '2026-04-30');
    const meta = versions[0]!.metadata as { dataWindow: { from: string; through: string }; metrics: unknown };
    assert.deepEqual(meta.dataWindow, { from: '2026-03-06', through: '2026-04-30' });
    assert.ok(versions[0]!.files['metrics.json']!.includes('meanMase'));

    const shoes = await demandOf(forecaster, 'category', 'shoes');
    const i1 = await demandOf(forecaster, 'item', 'i1');
    const i2 = await demandOf(forecaster, 'item', 'i2');
    const tea = await demandOf(forecaster, 'category', 'tea');
    const total = await demandOf(forecaster, 'shop', '');
    assert.equal(fitter.fits, 6, 'ForecastDemand answered from the held set');
    assert.equal(source.dailyCalls, 0);
    shoes.points.forEach((p, i) => {
      assert.ok(Math.abs(p.mean - (i1.points[i]!.mean + i2.points[i]!.mean)) < 1e-6, `shoes = i1 + i2 at step ${i}`);
      assert.ok(Math.abs(total.points[i]!.mean - (p.mean + tea.points[i]!.mean)) < 1e-6, `shop = sum at step ${i}`);
      for (const it of p.intervals) assert.ok(it.lower <= p.mean && p.mean <= it.upper);
    });
    const short = await demandOf(forecaster, 'item', 'i3', 3);
    assert.equal(short.points.length, 3);
  }, 150_000);

  it('a closed day is folded into the fitted states without a refit, and the forecast moves a day on', async () => {
    const { fitter, published, versions, refresher, forecaster, advance, source } = setUp();
    await refresher.tick();
    const before = await demandOf(forecaster, 'item', 'i3');
    source.moved = { i2: 'tea' }; // the tree stays as refitted until the next refit
    advance(3_600_000);
    assert.equal(await refresher.tick(), 'none', 'no new day closed within the day');
    advance(DAY);
    assert.equal(await refresher.tick(), 'update');
    assert.equal(fitter.fits, 6, 'no refit');
    assert.equal(fitter.updates, 6);
    const after = await demandOf(forecaster, 'item', 'i3');
    assert.equal(after.points[0]!.timestamp, '2026-05-02');
    assert.equal(after.points[0]!.timestamp, before.points[1]!.timestamp);
    assert.notDeepEqual(
      after.points.map((p) => p.mean),
      before.points.map((p) => p.mean),
    );
    assert.equal(published[1]![0]!.kind, 'update');
    assert.equal(published[1]![0]!.modelVersion, 'demand-forecast@2');
    assert.equal((versions[1]!.metadata as { kind: string }).kind, 'update');
    const shoes = await demandOf(forecaster, 'category', 'shoes');
    const i1 = await demandOf(forecaster, 'item', 'i1');
    const i2 = await demandOf(forecaster, 'item', 'i2');
    shoes.points.forEach((p, i) => assert.ok(Math.abs(p.mean - (i1.points[i]!.mean + i2.points[i]!.mean)) < 1e-6));
  }, 150_000);

  it('refits on schedule and on a training request; a stale set falls back to fitting on request', async () => {
    const { fitter, refresher, forecaster, advance, source } = setUp();
    await refresher.tick();
    await Promise.all([refresher.requestRefit('drift'), refresher.requestRefit('drift')]);
    assert.equal(fitter.fits, 12, 'two requests at once share one refit');
    advance(7 * DAY);
    assert.equal(await refresher.tick(), 'refit');
    assert.equal(fitter.fits, 18);
    advance(2 * DAY);
    const out = await demandOf(forecaster, 'item', 'i1', 5);
    assert.equal(source.dailyCalls, 1, 'two days behind: fitted on request');
    assert.equal(out.points[0]!.timestamp, dayOf(Math.floor(Date.UTC(2026, 4, 10, 6) / DAY) * DAY));
  }, 150_000);

  it('a series whose fit fails falls back to seasonal naive instead of failing the whole set', async () => {
    const { refresher, forecaster, published } = setUp(new FailingFitter());
    assert.equal(await refresher.tick(), 'refit');
    const i2 = await demandOf(forecaster, 'item', 'i2');
    assert.equal(i2.method, 'seasonal_naive');
    assert.match(i2.notes.join(' '), /optimiser diverged/);
    assert.equal(published[0]!.length, 6);
  }, 150_000);
});

describe('scheduled fits: calendar and stock-outs', () => {
  // Promotions every 9 days of the 56-day history sell three times as much; 2026-05-03 is one ahead.
  const promotions = Array.from({ length: 6 }, (_, k) => dayOf(Date.UTC(2026, 3, 30) - (4 + 9 * k) * DAY));
  const calendar: CalendarDay[] = [...promotions, '2026-05-03'].map((date) => ({
    date,
    kind: 'promotion',
    name: 'sale',
  }));

  it('the held set knows the calendar: a promotion ahead is forecast up, and only the calendar is known ahead', async () => {
    const named = setUp(new CountingFitter(), calendar);
    const blind = setUp();
    for (const s of [named, blind]) for (const d of promotions) s.source.promoted.add(d);
    await Promise.all([named.refresher.tick(), blind.refresher.tick()]);
    const [withCalendar, without] = await Promise.all([
      demandOf(named.forecaster, 'shop', ''),
      demandOf(blind.forecaster, 'shop', ''),
    ]);
    assert.match(withCalendar.notes.at(-1)!, /from demand-forecast@1/);
    const on = (out: typeof withCalendar, d: string) => out.points.find((p) => p.timestamp === d)!.mean;
    assert.ok(on(withCalendar, '2026-05-03') > 1.5 * on(without, '2026-05-03'), JSON.stringify(withCalendar.points));
    assert.ok(withCalendar.drivers.some((d) => d.driver === 'promotion' && d.effectPerSd > 1));
    const shopJob = named.fitter.jobs.find((j) => j.profile === 'full' && j.values.length === 56)!;
    assert.deepEqual(shopJob.knownAhead, ['promotion']);
    assert.deepEqual(shopJob.futureDrivers?.['promotion'], [0, 0, 1, 0, 0, 0, 0]);
    assert.deepEqual(shopJob.futureDrivers?.['out_of_stock'], [0, 0, 0, 0, 0, 0, 0]);
  });

  it('days an item was sold out are masked from its fit and from the days folded in later', async () => {
    const masked = setUp();
    for (let k = 1; k <= 6; k++) masked.source.soldOut.add(`i3:${dayOf(Date.UTC(2026, 4, 1) - k * DAY)}`);
    await masked.refresher.tick();
    const i3Job = masked.fitter.jobs.find((j) => j.profile === 'fast' && j.values.length === 56 && j.values[0]! > 15)!;
    assert.ok(
      i3Job.values.slice(-6).every((v) => v > 10),
      String(i3Job.values.slice(-6)),
    );
    assert.deepEqual(i3Job.drivers?.['out_of_stock']?.slice(-7), [0, 1, 1, 1, 1, 1, 1]);
    const item = await demandOf(masked.forecaster, 'item', 'i3');
    const level = item.points.reduce((s, p) => s + p.mean, 0) / item.points.length;
    assert.ok(level > 15, `i3 forecast ${level} a day after a sell-out (it sells about 20 in stock)`);
    // the next day closes sold out too: the update folds in the forecast, not a zero
    masked.source.soldOut.add('i3:2026-05-01');
    masked.advance(DAY);
    let folded: number[] = [];
    const update = masked.fitter.update.bind(masked.fitter);
    masked.fitter.update = async (job) => {
      if (job.points[0]! > 10 && job.drivers?.['out_of_stock']?.[0] === 1) folded = job.points;
      return update(job);
    };
    assert.equal(await masked.refresher.tick(), 'update');
    assert.equal(folded.length, 1);
    assert.ok(folded[0]! > 10, String(folded));
  });
});
