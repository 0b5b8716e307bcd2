import assert from 'node:assert/strict';
import { test } from '@jest/globals';
import {
  attributeOutcomes,
  type AttributionRules,
  clickedNdcg,
  dailyMetrics,
  groupedMetrics,
  listMetrics,
  type Outcome,
  type ServedList,
} from '../src/index.js';

const rules: AttributionRules = { windowMs: { click: 50, cart: 1000, purchase: 1000 }, maxPosition: 2 };
const list = (id: string, userId: string, servedAtMs: number, itemIds: string[], arm = 'a'): ServedList => ({
  recommendationId: id,
  userId,
  servedAtMs,
  itemIds,
  arm,
  modelVersion: 'v1',
  segment: 'home',
});
const outcome = (eventId: string, kind: Outcome['kind'], itemId: string, atMs: number, extra: Partial<Outcome> = {}) =>
  ({ eventId, userId: 'u', itemId, kind, atMs, revenue: 0, ...extra }) satisfies Outcome;

const lists = [list('L1', 'u', 0, ['a', 'b', 'c']), list('L2', 'u', 100, ['c', 'd'])];

test('a click naming its list is credited to that list and slot', () => {
  const credits = attributeOutcomes(lists, [outcome('e1', 'click', 'c', 120, { recommendationId: 'L2' })], rules);
  assert.deepStrictEqual(credits, [{ eventId: 'e1', recommendationId: 'L2', kind: 'click', position: 0, revenue: 0 }]);
});

test('a named list that does not hold the item credits nothing (no fall-through to other lists)', () => {
  assert.deepStrictEqual(
    attributeOutcomes(lists, [outcome('e1', 'click', 'd', 10, { recommendationId: 'L1' })], rules),
    [],
  );
});

test('last touch: a purchase goes to the latest earlier list holding the item, within the purchase window', () => {
  const credits = attributeOutcomes(lists, [outcome('e2', 'purchase', 'b', 500, { revenue: 20 })], rules);
  assert.deepStrictEqual(credits, [
    { eventId: 'e2', recommendationId: 'L1', kind: 'purchase', position: 1, revenue: 20 },
  ]);
});

test('outcomes outside the window, before serving, or below maxPosition are not credited', () => {
  const credits = attributeOutcomes(
    lists,
    [
      outcome('late-click', 'click', 'b', 60), // L1 is 60 ms old > click window 50; L2 lacks b
      outcome('too-early', 'cart', 'a', -5),
      outcome('slot-2', 'click', 'c', 30), // c is slot 2 of L1, maxPosition 2
      outcome('late-buy', 'purchase', 'a', 1001),
    ],
    rules,
  );
  assert.deepStrictEqual(credits, []);
});

test('a redelivered outcome is credited once', () => {
  const click = outcome('e3', 'click', 'a', 10);
  assert.equal(attributeOutcomes(lists, [click, click], rules).length, 1);
});

test('NDCG of clicked slots: 1 at the top, 1/log2(3) for slot 1 alone, (1 + 1/2)/(1 + 1/log2 3) for slots 0 and 2', () => {
  assert.equal(clickedNdcg([0]), 1);
  assert.ok(Math.abs(clickedNdcg([1]) - 0.6309297536) < 1e-9);
  assert.ok(Math.abs(clickedNdcg([0, 2]) - 0.9197207891) < 1e-9);
  assert.equal(clickedNdcg([]), 0);
});

test('CTR, CVR, revenue per mille, NDCG and coverage of four lists', () => {
  const four = [...lists, list('L3', 'v', 0, ['a']), list('L4', 'w', 0, ['e'])];
  const credits = [
    { eventId: 'c1', recommendationId: 'L1', kind: 'click' as const, position: 1, revenue: 0 },
    { eventId: 'c2', recommendationId: 'L3', kind: 'click' as const, position: 0, revenue: 0 },
    { eventId: 'p1', recommendationId: 'L3', kind: 'purchase' as const, position: 0, revenue: 20 },
  ];
  const metrics = listMetrics(four, credits, 10);
  assert.equal(metrics.served, 4);
  assert.equal(metrics.ctr, 0.5);
  assert.equal(metrics.cvr, 0.25);
  assert.equal(metrics.revenuePerMille, 5000);
  assert.ok(Math.abs(metrics.ndcg - (0.6309297536 + 1) / 2) < 1e-9);
  assert.equal(metrics.distinctItems, 5);
  assert.equal(metrics.coverage, 0.5);
});

test('grouped metrics split by version and arm, then by segment, over the window only', () => {
  const served = [
    list('x', 'u', 0, ['a'], 'control'),
    list('y', 'u', 5, ['a'], 'treatment'),
    list('z', 'u', 99, ['a']),
  ];
  const groups = groupedMetrics(served, [], { fromMs: 0, toMs: 10 });
  assert.deepStrictEqual(
    groups.map((g) => [g.arm, g.segment, g.metrics.served]),
    [
      ['control', '', 1],
      ['control', 'home', 1],
      ['treatment', '', 1],
      ['treatment', 'home', 1],
    ],
  );
});

test('daily metrics: lists bucketed by the UTC day they were served, per version and arm, credits following them', () => {
  const day = 86_400_000;
  const served = [
    list('d1', 'u', day - 1, ['a', 'b']),
    list('d2', 'u', day, ['a']),
    list('d3', 'u', day + 5, ['b'], 'treatment'),
    list('d4', 'u', day + 6, ['c']),
  ];
  const credits = attributeOutcomes(
    served,
    [
      // a click on d1 the next day still counts on d1's day
      outcome('c1', 'click', 'b', day + 1, { recommendationId: 'd1' }),
      outcome('p1', 'purchase', 'c', day + 50, { revenue: 10 }),
    ],
    rules,
  );
  const daily = dailyMetrics(served, credits);
  assert.deepStrictEqual(
    daily.map((d) => [d.day, d.arm, d.metrics.served, d.metrics.clickedLists, d.metrics.convertedLists]),
    [
      ['1970-01-01', 'a', 1, 1, 0],
      ['1970-01-02', 'a', 2, 0, 1],
      ['1970-01-02', 'treatment', 1, 0, 0],
    ],
  );
  assert.equal(daily[1]!.metrics.cvr, 0.5);
});
