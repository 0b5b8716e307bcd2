import assert from 'node:assert/strict';
import { afterAll, describe, it } from '@jest/globals';
import { InlineFitter } from '../src/adapters/inline-fitter.adapter.js';
import { WorkerFitter } from '../src/adapters/worker-fitter.adapter.js';
import { calendarDrivers } from '../src/domain/calendar.js';
import { averagePricePaid } from '../src/domain/demand-drivers.js';
import { Forecaster } from '../src/domain/forecaster.js';
import type { SeriesRequestInput } from '../src/domain/series-request.js';
import type { DailyDemand, DemandSeriesSource, UserActivity } from '../src/ports/demand-series.port.js';

const WEEK = [1.2, 0.9, 0.9, 1, 1, 1.1, 1.3];
const demand = (days: number): DailyDemand => ({
  days: Array.from({ length: days }, (_, i) =>
    new Date(Date.UTC(2026, 0, 1) + i * 86_400_000).toISOString().slice(0, 10),
  ),
  units: Array.from({ length: days }, (_, i) => Math.round(20 * WEEK[i % 7]! + ((i * 37) % 5))),
  views: Array.from({ length: days }, (_, i) => 200 + ((i * 13) % 40)),
  goodReviews: new Array<number>(days).fill(1),
  badReviews: new Array<number>(days).fill(0),
  carts: Array.from({ length: days }, (_, i) => 10 + ((i * 7) % 6)),
  revenue: Array.from({ length: days }, (_, i) => 99 * Math.round(20 * WEEK[i % 7]! + ((i * 37) % 5))),
  outOfStock: new Array<number>(days).fill(0),
});

const source: DemandSeriesSource = {
  dailyDemand: async (node) => (node.level === 'item' && node.itemId === 'missing' ? undefined : demand(120)),
  itemsDemand: async () => ({ days: [], items: [] }),
  userActivity: async () => [],
};
const now = () => Date.UTC(2026, 4, 1);
const limits = { maxHorizon: 60, historyDays: 120, propensityTtlMs: 0 };
const forecaster = new Forecaster(source, new InlineFitter(), limits, now);

const request = (over: Partial<SeriesRequestInput>): SeriesRequestInput => ({
  values: Array.from({ length: 48 }, (_, i) => 100 + 10 * Math.sin((2 * Math.PI * i) / 12) + i),
  timestamps: [],
  start: '2020-01-01T00:00:00Z',
  frequency: 'monthly',
  seasonalPeriods: [],
  horizon: 6,
  levels: [],
  drivers: [],
  ...over,
});

describe('ForecastSeries', () => {
  it('answers dated points with 80 and 95 % intervals, the chosen method and its backtest error', async () => {
    const out = await forecaster.forecastSeries(request({}));
    assert.equal(out.points.length, 6);
    assert.equal(out.points[0]!.timestamp, '2024-01-01T00:00:00.000Z');
    assert.deepEqual(
      out.points[0]!.intervals.map((i) => i.level),
      [80, 95],
    );
    for (const p of out.points)
      assert.ok(p.intervals[1]!.lower <= p.intervals[0]!.lower && p.mean <= p.intervals[1]!.upper);
    assert.ok(out.method.length > 0 && Number.isFinite(out.backtestMase));
  });

  it('a series too short for a backtest gets seasonal naive and says so', async () => {
    const out = await forecaster.forecastSeries(request({ values: [3, 4, 5, 3, 4], seasonalPeriods: [3], horizon: 2 }));
    assert.equal(out.method, 'seasonal_naive');
    assert.match(out.notes[0]!, /too short/);
  });

  const bad: [string, Partial<SeriesRequestInput>, RegExp][] = [
    ['too short', { values: [1, 2] }, /^values: /],
    ['negative', { values: [1, 2, -3, 4] }, /^values\[2\]: /],
    ['non-finite', { values: [1, Number.NaN, 3, 4] }, /^values\[1\]: /],
    ['unknown frequency', { frequency: 'hourly' }, /^frequency: /],
    ['horizon over max', { horizon: 61 }, /^horizon: /],
    [
      'gap in timestamps',
      { values: [1, 2, 3], timestamps: ['2026-01-01', '2026-01-02', '2026-01-04'] },
      /^timestamps\[2\]: /,
    ],
    [
      'driver of the wrong length',
      { drivers: [{ name: 'views', values: [1, 2], future: [] }] },
      /^drivers\[0\]\.values: /,
    ],
    ['interval level', { levels: [120] }, /^levels\[0\]: /],
  ];
  for (const [what, over, field] of bad) {
    it(`INVALID_ARGUMENT naming the field: ${what}`, async () => {
      await assert.rejects(forecaster.forecastSeries(request(over)), (e: { code: string; message: string }) => {
        assert.equal(e.code, 'INVALID_ARGUMENT');
        assert.match(e.message, field);
        return true;
      });
    });
  }
});

describe('ForecastDemand', () => {
  it('forecasts a category from the aggregates, dated from today, with driver contributions', async () => {
    const out = await forecaster.forecastDemand({ level: 'category', id: '食品', horizon: 14, levels: [] });
    assert.equal(out.points[0]!.timestamp, '2026-05-01');
    assert.equal(out.points.length, 14);
    assert.deepEqual(out.drivers.map((d) => d.driver).sort(), [
      'avg_price',
      'bad_reviews',
      'carts',
      'good_reviews',
      'out_of_stock',
      'views',
    ]);
  });

  it('the average price paid carries over days without sales', () => {
    assert.deepEqual(averagePricePaid([0, 2, 0, 0, 4, 0], [0, 20, 0, 0, 36, 0]), [10, 10, 10, 10, 9, 9]);
    assert.deepEqual(averagePricePaid([0, 0], [0, 0]), [0, 0]);
  });

  it('NOT_FOUND for an unknown item; INVALID_ARGUMENT for a missing level', async () => {
    await assert.rejects(forecaster.forecastDemand({ level: 'item', id: 'missing', horizon: 7, levels: [] }), {
      code: 'NOT_FOUND',
    });
    await assert.rejects(
      forecaster.forecastDemand({ level: undefined, id: 'x', horizon: 7, levels: [] }),
      /^Forecaster.*|level: /,
    );
  });
});

describe('worker-thread fitting', () => {
  const pool = new WorkerFitter(1);
  afterAll(() => pool.close());

  it('gives the same answer as fitting inline', async () => {
    const job = { values: demand(84).units, period: 7, horizon: 7, levels: [80, 95], profile: 'fast' as const };
    const [inWorker, inline] = await Promise.all([pool.fit(job), new InlineFitter().fit(job)]);
    // structured clones come from another realm, so compare their JSON
    assert.equal(JSON.stringify(inWorker), JSON.stringify(inline));
  });

  it('keeps the fitted state across the thread boundary and updates it there as inline', async () => {
    const units = demand(91).units;
    const job = { values: units.slice(0, 84), period: 7, horizon: 7, levels: [80, 95], profile: 'fast' as const };
    const fitted = await pool.fit({ ...job, keepState: true });
    assert.ok(fitted.state && fitted.state.members.length > 0);
    const update = { state: fitted.state, points: units.slice(84), horizon: 7 };
    const [inWorker, inline] = await Promise.all([pool.update(update), new InlineFitter().update(update)]);
    assert.equal(JSON.stringify(inWorker), JSON.stringify(inline));
    assert.equal(inWorker.mean.length, 7);
  });

  it('trains the propensity model off the serving thread, as inline', async () => {
    const rows = (n: number, offset: number) => {
      const X = Array.from({ length: n }, (_, i) => Float32Array.of(((i + offset) * 7919) % 13, (i * 31) % 5));
      return { X, y: X.map((x) => (x[0]! + x[1]! > 9 ? 1 : 0)) };
    };
    const job = { train: rows(300, 0), validation: rows(100, 300) };
    const [inWorker, inline] = await Promise.all([pool.propensity(job), new InlineFitter().propensity(job)]);
    assert.equal(JSON.stringify(inWorker), JSON.stringify(inline));
    assert.ok(['logistic_regression', 'mlp'].includes(inWorker.method));
  });
});

describe('PurchasePropensity', () => {
  // Users who cart tend to buy two days later; the model learns it and says so per user.
  const DAYS = 120;
  let seed = 7;
  const rand = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const users: UserActivity[] = Array.from({ length: 400 }, (_, u) => {
    const views = Array.from({ length: DAYS }, () => (rand() < 0.2 ? 1 + Math.floor(rand() * 3) : 0));
    const carts = Array.from({ length: DAYS }, () => (rand() < 0.05 ? 1 : 0));
    const purchases = new Array<number>(DAYS).fill(0);
    for (let d = 0; d < DAYS - 2; d++) if (carts[d]! > 0 && rand() < 0.7) purchases[d + 2] = 1;
    return { userId: `u-${u}`, views, carts, purchases };
  });
  const carter: UserActivity = {
    userId: 'carter',
    views: new Array<number>(DAYS).fill(0).map((_, d) => (d >= DAYS - 7 ? 1 : 0)),
    carts: new Array<number>(DAYS).fill(0).map((_, d) => (d === DAYS - 1 || d === DAYS - 3 ? 1 : 0)),
    purchases: new Array<number>(DAYS).fill(0),
  };
  const span = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;
  const slice = (a: UserActivity, n: number) => ({
    userId: a.userId,
    views: a.views.slice(-n),
    carts: a.carts.slice(-n),
    purchases: a.purchases.slice(-n),
  });
  // With a focus on item i-hot, the same synthetic behaviour stands for activity with that item alone;
  // 'carter' has carted it twice lately and 'browser' only views it; item i-cold never sells.
  const browser: UserActivity = {
    userId: 'browser',
    views: new Array<number>(DAYS).fill(0).map((_, d) => (d >= DAYS - 3 ? 1 : 0)),
    carts: new Array<number>(DAYS).fill(0),
    purchases: new Array<number>(DAYS).fill(0),
  };
  const focused: unknown[] = [];
  const activity: DemandSeriesSource = {
    ...source,
    userActivity: async (from, to, ids, focus) => {
      focused.push(focus);
      const none = focus && 'itemId' in focus && focus.itemId === 'i-cold';
      return [...users, carter, browser]
        .filter((a) => !ids || ids.includes(a.userId))
        .map((a) => slice(a, span(from, to)))
        .map((a) => (none ? { ...a, purchases: a.purchases.map(() => 0) } : a));
    },
  };
  const propensity = new Forecaster(activity, new InlineFitter(), limits, now);

  it('scores users with a probability and the top three reasons in words', async () => {
    const answer = await propensity.purchasePropensity({ userIds: ['carter', 'nobody'], windowDays: 7 });
    const [c, n] = answer.users;
    assert.ok(c!.probability > n!.probability, `${c!.probability} vs ${n!.probability}`);
    assert.equal(c!.reasons.length, 3);
    assert.equal(n!.reasons.length, 3);
    assert.ok(
      c!.reasons.some((r) => r.feature.includes('cart') && r.contribution > 0),
      JSON.stringify(c!.reasons),
    );
    for (const r of c!.reasons) assert.ok(r.text.length > 0 && Number.isFinite(r.contribution));
    assert.ok(answer.modelAuc > answer.recencyAuc - 0.05, `${answer.modelAuc} vs ${answer.recencyAuc}`);
    assert.ok(['logistic_regression', 'mlp'].includes(answer.modelMethod), answer.modelMethod);
  });

  it('conditions on an item or a category: features, training labels and reasons are about it', async () => {
    focused.length = 0;
    const answer = await propensity.purchasePropensity({
      userIds: ['carter', 'browser'],
      windowDays: 7,
      itemId: 'i-hot',
    });
    assert.deepEqual(focused, [{ itemId: 'i-hot' }, { itemId: 'i-hot' }]);
    const [c, b] = answer.users;
    assert.ok(c!.probability > b!.probability, `${c!.probability} vs ${b!.probability}`);
    for (const r of [...c!.reasons, ...b!.reasons]) assert.ok(r.text.endsWith('(item i-hot)'), r.text);
    focused.length = 0;
    const inCategory = await propensity.purchasePropensity({ userIds: ['carter'], windowDays: 7, category: '服装' });
    assert.deepEqual(focused, [{ category: '服装' }, { category: '服装' }]);
    assert.ok(inCategory.users[0]!.reasons[0]!.text.endsWith('(in 服装)'));
  });

  it('INVALID_ARGUMENT for both an item and a category; FAILED_PRECONDITION for an item that never sold', async () => {
    await assert.rejects(
      propensity.purchasePropensity({ userIds: ['carter'], windowDays: 7, itemId: 'i-hot', category: '服装' }),
      (e: Error & { code?: string }) => e.code === 'INVALID_ARGUMENT',
    );
    await assert.rejects(
      propensity.purchasePropensity({ userIds: ['carter'], windowDays: 7, itemId: 'i-cold' }),
      (e: Error & { code?: string; field?: string }) =>
        e.code === 'FAILED_PRECONDITION' && e.field === 'item_id' && /item:i-cold/.test(e.message),
    );
  });
});

describe('calendar of promotions and holidays', () => {
  // 120 days to 2026-04-30; promotion days sell three times as much. 2026-05-05 is a promotion ahead.
  const history = demand(120);
  const promotions = ['2026-01-20', '2026-02-14', '2026-03-08', '2026-03-25', '2026-04-11', '2026-04-22'];
  const promoted: DailyDemand = {
    ...history,
    units: history.units.map((u, i) => (promotions.includes(history.days[i]!) ? 3 * u : u)),
  };
  const calendarSource: DemandSeriesSource = { ...source, dailyDemand: async () => promoted };
  const calendar = [...promotions, '2026-05-05'].map((date) => ({ date, kind: 'promotion' as const, name: 'sale' }));

  it('forecasts a future promotion day higher when the calendar names it, with the promotion as a driver', async () => {
    const named = new Forecaster(calendarSource, new InlineFitter(), { ...limits, calendar }, now);
    const unnamed = new Forecaster(calendarSource, new InlineFitter(), limits, now);
    const request = { level: 'shop' as const, id: '', horizon: 14, levels: [] };
    const [withCalendar, without] = await Promise.all([named.forecastDemand(request), unnamed.forecastDemand(request)]);
    const day = (out: typeof withCalendar, d: string) => out.points.find((p) => p.timestamp === d)!.mean;
    const weekBefore = day(withCalendar, '2026-05-05') / day(withCalendar, '2026-05-12');
    assert.ok(
      weekBefore > 1.5,
      `promotion day ${day(withCalendar, '2026-05-05')} vs a week later, ratio ${weekBefore}`,
    );
    assert.ok(day(withCalendar, '2026-05-05') > 1.5 * day(without, '2026-05-05'));
    const promotion = withCalendar.drivers.find((d) => d.driver === 'promotion');
    assert.ok(promotion && promotion.effectPerSd > 1, JSON.stringify(withCalendar.drivers));
    assert.ok(!without.drivers.some((d) => d.driver === 'promotion'));
  });

  it('answers daily requests from the held set (which knows the calendar too), weekly ones by fitting', async () => {
    const held = { answer: () => ({ ...heldAnswer }) };
    const heldAnswer = { points: [], method: 'held', backtestMase: 1, candidates: [], drivers: [], notes: [] };
    const withHeld = new Forecaster(calendarSource, new InlineFitter(), { ...limits, calendar }, now, held);
    const covering = await withHeld.forecastDemand({ level: 'shop', id: '', horizon: 5, levels: [] });
    assert.equal(covering.method, 'held');
    const weekly = await withHeld.forecastDemand({
      level: 'shop',
      id: '',
      horizon: 2,
      levels: [],
      frequency: 'weekly',
    });
    assert.notEqual(weekly.method, 'held');
  });

  it('calendarDrivers: 0/1 per kind over history and horizon', () => {
    const out = calendarDrivers(
      [
        { date: '2026-01-02', kind: 'holiday', name: '元旦' },
        { date: '2026-01-04', kind: 'promotion', name: 'sale' },
      ],
      ['2026-01-01', '2026-01-02', '2026-01-03'],
      ['2026-01-04', '2026-01-05'],
    );
    assert.deepEqual(out, {
      drivers: { holiday: [0, 1, 0], promotion: [0, 0, 0] },
      future: { holiday: [0, 0], promotion: [1, 0] },
    });
  });
});
