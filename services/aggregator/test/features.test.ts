import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import {
  abandonedCart,
  browsedNotBought,
  funnel,
  priceStats,
  ratingSentiment,
  repeatPurchaseIntervals,
  rfm,
  windowHours,
  type PurchaseRecord,
} from '../src/domain/features.js';

test('windows are whole hours ending with the hour that holds asOf', () => {
  const asOf = new Date('2026-11-30T12:34:56.000Z');
  assert.deepEqual(windowHours(asOf, '1h'), {
    from: new Date('2026-11-30T12:00:00.000Z'),
    to: new Date('2026-11-30T12:00:00.000Z'),
  });
  assert.equal(windowHours(asOf, '1d').from.toISOString(), '2026-11-29T13:00:00.000Z');
  assert.equal(windowHours(asOf, '7d').from.toISOString(), '2026-11-23T13:00:00.000Z');
  assert.equal(windowHours(asOf, '30d').from.toISOString(), '2026-10-31T13:00:00.000Z');
});

test('funnel rates divide by the previous step and are 0 without it; clicks count as views', () => {
  assert.deepEqual(funnel({ view: 8, click: 2, add_to_cart: 4, purchase: 1 }), {
    views: 10,
    carts: 4,
    purchases: 1,
    viewToCart: 0.4,
    cartToPurchase: 0.25,
    viewToPurchase: 0.1,
  });
  assert.deepEqual(funnel({ purchase: 2 }), {
    views: 0,
    carts: 0,
    purchases: 2,
    viewToCart: 0,
    cartToPurchase: 0,
    viewToPurchase: 0,
  });
});

test('price stats: units, revenue, min/max unit price and revenue per unit', () => {
  assert.deepEqual(
    priceStats([
      ['e1', 2, 10],
      ['e2', 1, 25.5],
    ]),
    { purchases: 2, units: 3, revenue: 45.5, minUnitPrice: 10, maxUnitPrice: 25.5, meanUnitPrice: 15.17 },
  );
  assert.deepEqual(priceStats([]), {
    purchases: 0,
    units: 0,
    revenue: 0,
    minUnitPrice: 0,
    maxUnitPrice: 0,
    meanUnitPrice: 0,
  });
});

test('review sentiment from ratings: >= 4 good, 1-2 bad, 3 neutral', () => {
  assert.deepEqual([1, 2, 3, 4, 5, 0].map(ratingSentiment), ['bad', 'bad', 'neutral', 'good', 'good', 'neutral']);
});

const purchase = (eventId: string, at: string, orderId: string, quantity: number, unitPrice: number, category = 'c') =>
  ({ occurredAt: new Date(at), eventId, orderId, quantity, unitPrice, category }) satisfies PurchaseRecord;

test('RFM: whole days since the last purchase, distinct orders, money; a redelivered purchase counts once', () => {
  const asOf = new Date('2026-11-30T12:00:00.000Z');
  const purchases = [
    purchase('p1', '2026-11-01T10:00:00.000Z', 'o1', 1, 10),
    purchase('p2', '2026-11-01T10:00:05.000Z', 'o1', 2, 5),
    purchase('p3', '2026-11-20T11:00:00.000Z', '', 1, 7.25),
    purchase('p3', '2026-11-20T11:00:00.000Z', '', 1, 7.25),
    purchase('p4', '2026-12-01T00:00:00.000Z', 'o9', 1, 100),
  ];
  assert.deepEqual(rfm(purchases, asOf), { recencyDays: 10, frequency: 2, monetary: 27.25 });
  assert.deepEqual(rfm([], asOf), { recencyDays: null, frequency: 0, monetary: 0 });
});

test('repeat-purchase intervals per category, in days between purchase days', () => {
  const result = repeatPurchaseIntervals([
    purchase('a', '2026-11-01T10:00:00.000Z', 'o1', 1, 1, 'milk'),
    purchase('b', '2026-11-01T20:00:00.000Z', 'o2', 1, 1, 'milk'),
    purchase('c', '2026-11-08T09:00:00.000Z', 'o3', 1, 1, 'milk'),
    purchase('d', '2026-11-11T09:00:00.000Z', 'o4', 1, 1, 'milk'),
    purchase('e', '2026-11-05T09:00:00.000Z', 'o5', 1, 1, 'tv'),
  ]);
  assert.deepEqual(result, [
    { category: 'milk', purchases: 4, intervalsDays: [7, 3], meanIntervalDays: 5 },
    { category: 'tv', purchases: 1, intervalsDays: [], meanIntervalDays: null },
  ]);
});

test('browsed-not-bought and abandoned-cart sets', () => {
  const state = (lastView: number, lastCart: number, lastRemove: number, lastPurchase: number) => ({
    itemId: 'i',
    lastView,
    lastCart,
    lastRemove,
    lastPurchase,
  });
  assert.equal(browsedNotBought(state(5, 0, 0, 0)), true);
  assert.equal(browsedNotBought(state(5, 0, 0, 3)), false, 'bought once: not in the set');
  assert.equal(abandonedCart(state(1, 5, 0, 0)), true);
  assert.equal(abandonedCart(state(1, 5, 6, 0)), false, 'removed after adding');
  assert.equal(abandonedCart(state(1, 5, 0, 7)), false, 'bought after adding');
  assert.equal(abandonedCart(state(1, 9, 0, 7)), true, 'added again after the last purchase');
});
