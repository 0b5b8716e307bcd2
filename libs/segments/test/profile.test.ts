import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import {
  activityOf,
  buildItemProfile,
  buildPriceIndex,
  buildUserProfile,
  coOccurrenceNeighbours,
  DAY_MS,
  decayWeight,
  type ItemInfo,
  popularityPercentiles,
  quintileScores,
  rfmOf,
  rfmScores,
  tasteVectorOf,
  textLanguage,
  topShare,
  type UserEvent,
} from '../src/index.js';

const T0 = Date.UTC(2025, 0, 6); // a Monday, 00:00 UTC
const day = (d: number, hour = 0) => T0 + d * DAY_MS + hour * 3_600_000;
const close = (a: number, b: number, eps = 1e-9) => assert.ok(Math.abs(a - b) < eps, `${a} ≉ ${b}`);

const ITEMS: ItemInfo[] = [
  { itemId: 'tea', categoryPath: ['food', 'drinks'], brand: 'A', price: 10, vector: [1, 0] },
  { itemId: 'tea-premium', categoryPath: ['food', 'drinks'], brand: 'B', price: 50, vector: [1, 0] },
  { itemId: 'tea-mid', categoryPath: ['food', 'drinks'], brand: 'A', price: 20, vector: [1, 0] },
  { itemId: 'phone', categoryPath: ['electronics', 'phones'], brand: 'C', price: 3000, vector: [0, 1] },
];
const lookup = (id: string) => ITEMS.find((i) => i.itemId === id);

describe('RFM', () => {
  it('counts orders by id, sums spend and measures days since the last purchase', () => {
    const events: UserEvent[] = [
      { kind: 'purchase', at: day(0), itemId: 'tea', orderId: 'o1', quantity: 2, unitPrice: 10 },
      { kind: 'purchase', at: day(0), itemId: 'phone', orderId: 'o1', quantity: 1, unitPrice: 3000 },
      { kind: 'purchase', at: day(3), itemId: 'tea', orderId: 'o2', quantity: 1, unitPrice: 9 },
      { kind: 'view', at: day(9), itemId: 'tea' },
      { kind: 'purchase', at: day(20), itemId: 'tea', orderId: 'o3', quantity: 1, unitPrice: 10 },
    ];
    assert.deepEqual(rfmOf(events, day(10)), { recencyDays: 7, frequency: 2, monetary: 3029 });
    assert.equal(rfmOf([], day(10)).recencyDays, Number.POSITIVE_INFINITY);
  });

  it('counts a line whose price or quantity is not a number as no spend, the rest of the spend kept', () => {
    const events: UserEvent[] = [
      { kind: 'purchase', at: day(0), itemId: 'tea', orderId: 'o1', quantity: 2, unitPrice: Number.NaN },
      { kind: 'purchase', at: day(1), itemId: 'tea', orderId: 'o2', quantity: Number.NaN, unitPrice: 10 },
      { kind: 'purchase', at: day(2), itemId: 'phone', orderId: 'o3', quantity: 1, unitPrice: 3000 },
    ];
    assert.deepEqual(rfmOf(events, day(10)), { recencyDays: 8, frequency: 3, monetary: 3000 });
  });

  it('scores quintiles 1..5 with ties sharing a score, recency reversed', () => {
    assert.deepEqual(quintileScores([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    assert.deepEqual(quintileScores([0, 0, 0, 0, 9]), [1, 1, 1, 1, 5]);
    assert.deepEqual(quintileScores([1, 2, 3, 4, 5], false), [5, 4, 3, 2, 1]);
    const scores = rfmScores([
      { recencyDays: 1, frequency: 9, monetary: 900 },
      { recencyDays: Number.POSITIVE_INFINITY, frequency: 0, monetary: 0 },
    ]);
    assert.deepEqual(scores, [
      { r: 3, f: 3, m: 3 },
      { r: 1, f: 1, m: 1 },
    ]);
  });

  it('scores each value by how many are strictly worse, whatever the ties, signs and infinities', () => {
    const pool = [-0, 0, 0.5, 1, 1, 2, 7, 7, 7, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -3];
    let seed = 7;
    const values = Array.from({ length: 500 }, () => pool[(seed = (seed * 48271) % 2147483647) % pool.length]!);
    const byCount = (worse: (v: number) => number) =>
      values.map((v) => 1 + Math.min(4, Math.floor((5 * worse(v)) / 500)));
    const below = (v: number) => values.filter((x) => x < v).length;
    const above = (v: number) => values.filter((x) => x > v).length;
    assert.deepEqual(quintileScores(values), byCount(below));
    assert.deepEqual(quintileScores(values, false), byCount(above));
  });
});

describe('decayed preferences', () => {
  it('halves a weight every half-life', () => {
    close(decayWeight(day(0), day(0), 30), 1);
    close(decayWeight(day(0), day(30), 30), 0.5);
    close(decayWeight(day(0), day(60), 30), 0.25);
    assert.throws(() => decayWeight(0, 1, 0), /halfLifeDays/);
  });

  it('weighs categories by kind and age: an old purchase against a fresh view', () => {
    // purchase (weight 8) one half-life old = 4; a view today = 1; a click today = 2.
    const events: UserEvent[] = [
      { kind: 'purchase', at: day(0), itemId: 'tea', orderId: 'o', quantity: 1, unitPrice: 10 },
      { kind: 'view', at: day(10), itemId: 'phone' },
      { kind: 'click', at: day(10), itemId: 'phone' },
    ];
    const prices = buildPriceIndex(ITEMS);
    const p = buildUserProfile('u', events, lookup, prices, { asOf: day(10), halfLifeDays: 10 });
    close(p.categories.food!, 4 / 7);
    close(p.categories.electronics!, 3 / 7);
    assert.deepEqual(Object.keys(p.categories), ['food', 'electronics']);
    close(p.brandConcentration, (4 / 7) ** 2 + (3 / 7) ** 2);
  });

  it('measures brand concentration within each category and the share of the two leading brands', () => {
    // food: tea (A) 1 + tea-mid (A) 1 + tea-premium (B) 2 = 4, brand shares ½ ½ → 0.5;
    // electronics: phone (C) 4 → 1. Category shares food 4/8, electronics 4/8.
    const events: UserEvent[] = [
      { kind: 'view', at: day(0), itemId: 'tea' },
      { kind: 'view', at: day(0), itemId: 'tea-mid' },
      { kind: 'click', at: day(0), itemId: 'tea-premium' },
      { kind: 'add_to_cart', at: day(0), itemId: 'phone', quantity: 1, unitPrice: 3000 },
    ];
    const p = buildUserProfile('u', events, lookup, buildPriceIndex(ITEMS), { asOf: day(0) });
    close(p.brandConcentrationInCategory, 0.5 * 0.5 + 0.5 * 1);
    close(p.brandConcentration, 0.25 ** 2 + 0.25 ** 2 + 0.5 ** 2);
    close(topShare(p.brands, 2), 0.75);
    close(topShare(p.brands, 5), 1);
    assert.equal(topShare({}, 2), 0);
    close(topShare({ '1001': 0.1, '1002': 0.2, acme: 0.7 }, 1), 0.7); // numeric brand ids are listed first, not largest
  });

  it('weighs brand concentration within categories by branded weight only, so unbranded items do not dilute it', () => {
    const bread: ItemInfo = { itemId: 'bread', categoryPath: ['bakery'], brand: '', price: 5 };
    const withBread = (id: string) => (id === 'bread' ? bread : lookup(id));
    const prices = buildPriceIndex([...ITEMS, bread]);
    const unbranded: UserEvent = { kind: 'purchase', at: day(0), itemId: 'bread', quantity: 1, unitPrice: 5 };
    // A tea viewed (1), another tea clicked (2), a phone carted (4) and unbranded bread bought (8).
    const withClickedTea = (clicked: string): UserEvent[] => [
      { kind: 'view', at: day(0), itemId: 'tea' },
      { kind: 'click', at: day(0), itemId: clicked },
      { kind: 'add_to_cart', at: day(0), itemId: 'phone', quantity: 1, unitPrice: 3000 },
      unbranded,
    ];
    // One brand per category (food: A 1 + 2, electronics: C 4) beside the unbranded 8 in a third category.
    const p = buildUserProfile('u', withClickedTea('tea-mid'), withBread, prices, { asOf: day(0) });
    close(p.categories.bakery!, 8 / 15);
    close(p.brandConcentrationInCategory, 1);
    // food: A 1, B 2 → (1/3)² + (2/3)² = 5/9 on 3 of the 7 branded; electronics: C 4 → 1 on 4 of 7.
    const q = buildUserProfile('u', withClickedTea('tea-premium'), withBread, prices, { asOf: day(0) });
    close(q.brandConcentrationInCategory, (3 / 7) * (5 / 9) + (4 / 7) * 1);
    const none = buildUserProfile('u', [unbranded], withBread, prices, { asOf: day(0) });
    assert.equal(none.brandConcentrationInCategory, 0);
  });
});

describe('price band, activity, taste, sentiment', () => {
  it('places prices among their own category and calls the band', () => {
    const prices = buildPriceIndex(ITEMS);
    close(prices.percentile(['food', 'drinks'], 10), 1 / 6);
    close(prices.percentile(['food', 'drinks'], 50), 5 / 6);
    const drinks = ['food', 'drinks'];
    for (const price of [50, 50, 10, 50]) close(prices.percentile(drinks, price), price === 50 ? 5 / 6 : 1 / 6); // asked again
    close(prices.percentile(['electronics', 'phones'], 3000), 0.5); // alone in its category
    close(prices.logToMedian(['food', 'drinks'], 40), Math.log(2)); // median of 10, 20, 50 is 20
    close(prices.logToMedian(['electronics', 'phones'], 1500), Math.log(0.5));
    close(buildPriceIndex(ITEMS.slice(0, 2)).logToMedian(['food', 'drinks'], 15), Math.log(0.5)); // (10 + 50) / 2
    assert.equal(prices.logToMedian(['toys'], 10), 0, 'unknown category');
    const bought = (itemId: string): UserEvent => ({ kind: 'purchase', at: day(1), itemId, unitPrice: 1 });
    const budget = buildUserProfile('u', [bought('tea')], lookup, prices, { asOf: day(2) });
    const premium = buildUserProfile('u', [bought('tea-premium')], lookup, prices, { asOf: day(2) });
    assert.equal(budget.price?.band, 'budget');
    assert.equal(premium.price?.band, 'premium');
    close(premium.price!.logToMedian, Math.log(50 / 20));
    assert.equal(budget.engagement.promoShare, 1, 'paid 1 for a list price of 10');
  });

  it('histograms hours and weekdays and rates sessions per week', () => {
    const events: UserEvent[] = [
      { kind: 'view', at: day(0, 20), sessionId: 's1' },
      { kind: 'view', at: day(0, 20), sessionId: 's1' },
      { kind: 'view', at: day(5, 9), sessionId: 's2' }, // Saturday morning
      { kind: 'view', at: day(13, 23), sessionId: 's3' },
    ];
    const a = activityOf(events, day(14, 20)); // two weeks after the first action
    close(a.hours[20]!, 0.5);
    close(a.hours[9]!, 0.25);
    close(a.weekdays[0]!, 0.5);
    close(a.weekdays[5]!, 0.25);
    close(a.weekdays[6]!, 0.25);
    close(a.sessionsPerWeek, 1.5);
    assert.equal(a.activeDays, 3);
    close(activityOf(events, day(14), 120).hours[22]!, 0.5, 1e-9); // UTC+2
  });

  it('averages item vectors by kind and age into a unit taste vector', () => {
    const events: UserEvent[] = [
      { kind: 'purchase', at: day(0), itemId: 'tea' },
      { kind: 'view', at: day(0), itemId: 'phone' },
    ];
    const taste = tasteVectorOf(events, lookup, day(0), 30)!;
    close(taste[0]!, 8 / Math.hypot(8, 1), 1e-6);
    close(taste[1]!, 1 / Math.hypot(8, 1), 1e-6);
    assert.equal(tasteVectorOf([{ kind: 'search', at: 0 }], lookup, 1, 30), undefined);
  });

  it('averages review ratings and sentiment', () => {
    const events: UserEvent[] = [
      { kind: 'review', at: day(0), itemId: 'tea', rating: 5, sentiment: 0.8 },
      { kind: 'review', at: day(1), itemId: 'tea', rating: 2 },
    ];
    const p = buildUserProfile('u', events, lookup, buildPriceIndex(ITEMS), { asOf: day(2) });
    assert.deepEqual(p.sentiment, { reviews: 2, meanRating: 3.5, meanSentiment: 0.8 });
  });
});

describe('item profile', () => {
  it('counts funnel steps, trend between windows, ratings and distinct users', () => {
    const at = (d: number) => day(d);
    const events = [
      { kind: 'view' as const, at: at(1), itemId: 'tea', userId: 'a' },
      { kind: 'view' as const, at: at(9), itemId: 'tea', userId: 'a' },
      { kind: 'view' as const, at: at(10), itemId: 'tea', userId: 'b' },
      { kind: 'view' as const, at: at(11), itemId: 'tea', userId: 'c' },
      { kind: 'add_to_cart' as const, at: at(11), itemId: 'tea', userId: 'c' },
      { kind: 'purchase' as const, at: at(12), itemId: 'tea', userId: 'c', quantity: 3 },
      { kind: 'review' as const, at: at(13), itemId: 'tea', userId: 'c', rating: 4 },
      { kind: 'view' as const, at: at(12), itemId: 'phone', userId: 'd' },
    ];
    const p = buildItemProfile('tea', events, { asOf: at(14), windowDays: 7 });
    assert.equal(p.views, 4);
    assert.equal(p.units, 3);
    assert.equal(p.users, 3);
    assert.equal(p.recent, 5); // days 9..12 are within 7 days of day 14 (views 3, cart, purchase)
    assert.equal(p.previous, 1);
    close(p.trend, Math.log(6 / 2));
    close(p.viewToCart, 0.25);
    close(p.cartToPurchase, 1);
    assert.equal(p.meanRating, 4);
  });

  it('ranks co-occurrence neighbours by cosine, not raw count', () => {
    const occurrences = new Map([
      ['a', 10],
      ['best-seller', 1000],
      ['niche', 10],
    ]);
    const n = coOccurrenceNeighbours(
      [
        { a: 'a', b: 'best-seller', count: 9 },
        { a: 'a', b: 'niche', count: 5 },
      ],
      occurrences,
    );
    assert.deepEqual(
      n.get('a')!.map((x) => x.itemId),
      ['niche', 'best-seller'],
    );
    close(n.get('niche')![0]!.score, 0.5);
  });

  it('turns counts into popularity percentiles with ties at their mid-rank', () => {
    const p = popularityPercentiles(
      new Map([
        ['a', 0],
        ['b', 5],
        ['c', 5],
        ['d', 9],
      ]),
    );
    assert.deepEqual([...p.values()], [0, 0.5, 0.5, 1]);
  });
});

describe('voice: customer-service conversations and the language of texts', () => {
  it('tells Chinese (any Han character) from English (Latin letters only)', () => {
    assert.equal(textLanguage('不锈钢保温杯'), 'zh');
    assert.equal(textLanguage('Anker 充电器 很好'), 'zh');
    assert.equal(textLanguage('matte lipstick, long lasting'), 'en');
    assert.equal(textLanguage('!!! 🎉 123'), undefined);
  });

  it('counts conversations per shopping session and the English share, keeping dialog turns out of activity', () => {
    const events: UserEvent[] = [
      { kind: 'view', at: day(0, 10), itemId: 'tea', sessionId: 's1' },
      { kind: 'search', at: day(0, 10), sessionId: 's1', language: 'en' },
      { kind: 'view', at: day(1, 10), itemId: 'tea', sessionId: 's2' },
      { kind: 'review', at: day(2, 10), itemId: 'tea', sessionId: 's3', rating: 5, language: 'zh' },
      { kind: 'dialog_turn', at: day(2, 3), itemId: 'tea', sessionId: 'cs1', language: 'zh' },
      { kind: 'dialog_turn', at: day(2, 3), itemId: 'tea', sessionId: 'cs1', language: 'zh' },
    ];
    const p = buildUserProfile('u', events, lookup, buildPriceIndex(ITEMS), { asOf: day(3) });
    assert.deepEqual(p.voice, { conversations: 1, conversationsPerSession: 1 / 3, texts: 4, englishShare: 1 / 4 });
    assert.equal(p.activity.sessions, 3, 'the conversation is not a shopping session');
    assert.equal(p.activity.hours[3], 0, 'nor shopping activity at 03:00');
    assert.equal(p.engagement.views, 2);
  });
});
