import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { Event } from '@demand/contracts';
import { preprocess } from '../src/domain/preprocess.js';
import { anHourAgo, event, freshState, itemUpsert, now, purchase, rules, sharedState, view } from './support.js';

const idsOf = (result: ReturnType<typeof preprocess>) => result.clean.map((c) => c.event?.eventId);

test('duplicates: within a batch and, once committed, within the window; a failed publish is not remembered', () => {
  const state = freshState();
  const first = preprocess([view('a'), view('b'), view('a')], rules, state, now);
  assert.deepEqual(idsOf(first), ['a', 'b']);
  assert.equal(first.duplicates, 1);
  assert.equal(
    preprocess([view('a')], rules, state, now).clean.length,
    1,
    'not remembered before commit (publish failed, batch retried)',
  );
  first.commit();
  const again = preprocess([view('a'), view('c')], rules, state, now);
  assert.deepEqual(idsOf(again), ['c']);
  assert.equal(again.duplicates, 1);
});

test('missing and invalid fields go to the DLQ with the field named, by position', () => {
  const cases: [Event, RegExp][] = [
    [
      Event.fromPartial({
        eventId: 'x',
        userId: 'u-1',
        occurredAt: anHourAgo,
        payload: { $case: 'view', view: { itemId: '' } },
      }),
      /^event\.view\.item_id: is required$/,
    ],
    [
      Event.fromPartial({
        eventId: 'x',
        userId: '',
        occurredAt: anHourAgo,
        payload: { $case: 'view', view: { itemId: 'i' } },
      }),
      /^event\.user_id: is required$/,
    ],
    [
      Event.fromPartial({ eventId: 'x', userId: 'u-1', payload: { $case: 'view', view: { itemId: 'i' } } }),
      /^event\.occurred_at: is required$/,
    ],
    [
      Event.fromPartial({ eventId: 'x', userId: 'u-1', occurredAt: anHourAgo }),
      /^event\.payload: one event kind must be set/,
    ],
    [
      Event.fromPartial({
        eventId: 'bad id!',
        userId: 'u-1',
        occurredAt: anHourAgo,
        payload: { $case: 'view', view: { itemId: 'i' } },
      }),
      /^event\.event_id: may only contain/,
    ],
    [
      event('x', { $case: 'review', review: { itemId: 'i', rating: 0, text: '', orderId: '' } }),
      /^event\.review\.rating: must be between 1 and 5 \(got 0\)$/,
    ],
  ];
  for (const [bad, reason] of cases) {
    const result = preprocess([view('ok'), bad], rules, sharedState(), now);
    assert.equal(result.rejected.length, 1, String(reason));
    assert.equal(result.rejected[0]!.index, 1);
    assert.match(result.rejected[0]!.reason, reason);
    assert.deepEqual(idsOf(result), ['ok']);
  }
});

test('out-of-range prices and quantities go to the DLQ', () => {
  const negative = purchase('neg', -5);
  const absurd = purchase('absurd', 5e9);
  const zero = event('zero', {
    $case: 'addToCart',
    addToCart: { itemId: 'i', quantity: 0, unitPrice: 1, currency: 'CNY' },
  });
  const many = event('many', { $case: 'removeFromCart', removeFromCart: { itemId: 'i', quantity: 50_000 } });
  const result = preprocess([negative, absurd, zero, many], rules, sharedState(), now);
  assert.deepEqual(
    result.rejected.map((r) => r.reason),
    [
      'event.purchase.unit_price: must be between 0 and 10000000 (got -5)',
      'event.purchase.unit_price: must be between 0 and 10000000 (got 5000000000)',
      'event.add_to_cart.quantity: must be between 1 and 10000 (got 0)',
      'event.remove_from_cart.quantity: must be between 1 and 10000 (got 50000)',
    ],
  );
});

test('events from the future (beyond the tolerance) are refused; late ones are kept and flagged late', () => {
  const future = view('future', 'i-00001', { occurredAt: new Date(now.getTime() + 3_600_000) });
  const late = view('late', 'i-00001', { occurredAt: new Date(now.getTime() - 3 * 86_400_000) });
  const fresh = view('fresh');
  const direct = view('direct', 'i-00001', { receivedAt: undefined, occurredAt: anHourAgo });
  const result = preprocess([itemUpsert('item'), future, late, fresh, direct], rules, freshState(), now);
  assert.match(result.rejected[0]!.reason, /^event\.occurred_at: is in the future/);
  const flags = Object.fromEntries(result.clean.map((c) => [c.event!.eventId, c.flags]));
  assert.deepEqual(flags.late, ['late']);
  assert.deepEqual(flags.fresh, []);
  assert.deepEqual(
    result.clean.find((c) => c.event?.eventId === 'direct')?.event?.receivedAt,
    now,
    'records written straight to Kafka get the processing time',
  );
});

test('imported history (backfill) is never flagged late, however old', () => {
  const old = new Date(now.getTime() - 200 * 86_400_000);
  const imported = view('imported', 'i-00001', { occurredAt: old, backfill: true });
  const result = preprocess([itemUpsert('item'), imported], rules, freshState(), now);
  const clean = result.clean.find((c) => c.event?.eventId === 'imported')!;
  assert.deepEqual(clean.flags, []);
  assert.equal(clean.event!.backfill, true, 'the marker stays on the clean event');
});

test('unknown items are flagged; an item upserted later in the same batch is known to the whole batch', () => {
  const state = freshState();
  const before = preprocess([view('v1', 'i-00007')], rules, state, now);
  assert.deepEqual(before.clean[0]!.flags, ['unknown_item']);
  const batch = preprocess(
    [view('v2', 'i-00007'), itemUpsert('up', {}, 'i-00007'), view('v3', 'i-00007')],
    rules,
    state,
    now,
  );
  assert.deepEqual(idsOf(batch), ['v2', 'up', 'v3'], 'input order is kept');
  assert.deepEqual(
    batch.clean.map((c) => c.flags),
    [[], [], []],
  );
  assert.equal(batch.items.length, 1);
  assert.deepEqual(preprocess([view('v4', 'i-00007')], rules, state, now).clean[0]!.flags, []);
});

test('upserts are cleaned first, yet clean events and rejections come back in input order', () => {
  const batch = preprocess(
    [view('r1', ''), view('v1', 'i-00009'), itemUpsert('up', {}, 'i-00009'), view('r2', '')],
    rules,
    freshState(),
    now,
  );
  assert.deepEqual(idsOf(batch), ['v1', 'up']);
  assert.deepEqual(batch.clean[0]!.flags, [], 'the upsert later in the batch is known to v1');
  assert.deepEqual(
    batch.rejected.map((r) => r.index),
    [0, 3],
  );
});

test('prices far from the catalog price are flagged price_outlier', () => {
  const state = freshState();
  const result = preprocess(
    [
      itemUpsert('up', { price: 100 }),
      purchase('normal', 80),
      purchase('cheap', 5),
      purchase('dear', 1500),
      purchase('free', 0),
    ],
    rules,
    state,
    now,
  );
  const flags = Object.fromEntries(result.clean.map((c) => [c.event!.eventId, c.flags]));
  assert.deepEqual([flags.normal, flags.cheap, flags.dear, flags.free], [[], ['price_outlier'], ['price_outlier'], []]);
});

test('prices are converted to the base currency, flagged with the original code; unknown currencies go to the DLQ', () => {
  const state = freshState();
  const result = preprocess(
    [
      itemUpsert('up', { price: 20, currency: 'USD' }),
      purchase('usd', 10, 'USD'),
      purchase('yen', 1000, 'JPY'),
      purchase('none', 99, ''),
      purchase('xyz', 1, 'XYZ'),
      purchase('huge', 9_000_000, 'USD'),
    ],
    rules,
    state,
    now,
  );
  const byId = new Map(result.clean.map((c) => [c.event!.eventId, c]));
  const paid = (id: string) => {
    const p = byId.get(id)!.event!.payload!;
    return p.$case === 'purchase' ? [p.purchase.unitPrice, p.purchase.currency] : [];
  };
  assert.deepEqual(
    [paid('usd'), paid('yen'), paid('none')],
    [
      [71, 'CNY'],
      [47, 'CNY'],
      [99, 'CNY'],
    ],
  );
  assert.deepEqual(byId.get('usd')!.flags, ['currency_converted:USD']);
  const upsert = byId.get('up')!.event!.payload!;
  assert.ok(upsert.$case === 'itemUpsert' && upsert.itemUpsert.price === 142 && upsert.itemUpsert.currency === 'CNY');
  assert.equal(state.catalog.priceOf('i-00001'), 142, 'the catalog view keeps base-currency prices');
  assert.deepEqual(
    result.rejected.map((r) => r.reason),
    [
      'event.purchase.currency: has no exchange rate to CNY configured (got "XYZ"; known: CNY, USD, JPY)',
      'event.purchase.unit_price: must be between 0 and 10000000 after conversion to CNY (got 63900000)',
    ],
  );
});

test('every output record carries the schema version', () => {
  const result = preprocess([view('a')], rules, sharedState(), now);
  assert.equal(result.clean[0]!.schemaVersion, 2);
});
