import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { DialogRole, Event } from '@demand/contracts';
import { countExpectedItemStats, itemStatsKey } from '../src/index.js';

const at = (iso: string) => new Date(`${iso}Z`);
let n = 0;
const event = (
  userId: string,
  occurredAt: string,
  payload: NonNullable<Event['payload']>,
  eventId = `e-${++n}`,
): Event =>
  Event.fromPartial({
    eventId,
    userId,
    sessionId: 's-1',
    occurredAt: at(occurredAt),
    source: 'web',
    payload,
  } as Parameters<typeof Event.fromPartial>[0]);

test('counts per item and UTC day by kind, on a hand-made case', () => {
  const repeated = event('u-1', '2025-01-06T10:00:00', {
    $case: 'view',
    view: { itemId: 'i-1', surface: 'detail', dwellMs: 10 },
  });
  const events = [
    repeated,
    repeated,
    event('u-1', '2025-01-06T10:00:05', {
      $case: 'click',
      click: { itemId: 'i-1', surface: 'recs', position: 0, recRequestId: '' },
    }),
    event('u-1', '2025-01-06T10:01:00', { $case: 'search', search: { query: '连衣裙', resultsCount: 3 } }),
    event('u-1', '2025-01-06T10:02:00', {
      $case: 'addToCart',
      addToCart: { itemId: 'i-1', quantity: 3, unitPrice: 19.9, currency: 'CNY' },
    }),
    event('u-1', '2025-01-06T10:03:00', { $case: 'removeFromCart', removeFromCart: { itemId: 'i-1', quantity: 1 } }),
    event('u-1', '2025-01-06T10:04:00', {
      $case: 'purchase',
      purchase: { orderId: 'o-1', itemId: 'i-1', quantity: 3, unitPrice: 19.9, currency: 'CNY' },
    }),
    event('u-2', '2025-01-06T23:59:59.999', {
      $case: 'purchase',
      purchase: { orderId: 'o-2', itemId: 'i-1', quantity: 1, unitPrice: 0.1, currency: 'CNY' },
    }),
    event('u-2', '2025-01-07T00:00:00', {
      $case: 'purchase',
      purchase: { orderId: 'o-3', itemId: 'i-1', quantity: 2, unitPrice: 5, currency: 'CNY' },
    }),
    event('u-1', '2025-01-08T09:00:00', {
      $case: 'review',
      review: { itemId: 'i-1', rating: 4, text: '不错', orderId: 'o-1' },
    }),
    event('u-3', '2025-01-08T09:00:00', {
      $case: 'review',
      review: { itemId: 'i-1', rating: 1, text: '很差', orderId: 'o-2' },
    }),
    event('u-1', '2025-01-08T10:00:00', {
      $case: 'dialogTurn',
      dialogTurn: {
        conversationId: 'c-1',
        role: DialogRole.DIALOG_ROLE_CUSTOMER,
        text: '到哪了',
        itemId: '',
        turnIndex: 0,
      },
    }),
    event('u-1', '2025-01-08T10:00:30', {
      $case: 'dialogTurn',
      dialogTurn: {
        conversationId: 'c-2',
        role: DialogRole.DIALOG_ROLE_CUSTOMER,
        text: '偏大吗',
        itemId: 'i-2',
        turnIndex: 0,
      },
    }),
    Event.fromPartial({
      eventId: 'item',
      occurredAt: at('2025-01-06T00:00:00'),
      payload: { $case: 'itemUpsert', itemUpsert: { itemId: 'i-9', title: 't' } },
    }),
  ];
  const zero = {
    views: 0,
    clicks: 0,
    searches: 0,
    addToCarts: 0,
    removeFromCarts: 0,
    purchases: 0,
    units: 0,
    revenue: 0,
    reviews: 0,
    ratingSum: 0,
    dialogTurns: 0,
  };
  assert.deepEqual(countExpectedItemStats(events), [
    { ...zero, itemId: '', day: '2025-01-06', searches: 1 },
    {
      ...zero,
      itemId: 'i-1',
      day: '2025-01-06',
      views: 1,
      clicks: 1,
      addToCarts: 1,
      removeFromCarts: 1,
      purchases: 2,
      units: 4,
      revenue: 59.8,
    },
    { ...zero, itemId: 'i-1', day: '2025-01-07', purchases: 1, units: 2, revenue: 10 },
    { ...zero, itemId: '', day: '2025-01-08', dialogTurns: 1 },
    { ...zero, itemId: 'i-1', day: '2025-01-08', reviews: 2, ratingSum: 5 },
    { ...zero, itemId: 'i-2', day: '2025-01-08', dialogTurns: 1 },
  ]);
  assert.equal(itemStatsKey('i-1', '2025-01-06'), 'i-1|2025-01-06');
});

test('revenue is summed in cents, free of float drift', () => {
  const events = Array.from({ length: 1000 }, (_, i) =>
    event('u-1', '2025-02-01T12:00:00', {
      $case: 'purchase',
      purchase: { orderId: `o-${i}`, itemId: 'i-1', quantity: 1, unitPrice: 0.1, currency: 'CNY' },
    }),
  );
  assert.equal(countExpectedItemStats(events)[0]!.revenue, 100);
});
