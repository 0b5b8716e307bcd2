import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { BinaryWriter } from '@bufbuild/protobuf/wire';
import { CleanEvent, CleanEventBatch, Event, Topics } from '@demand/contracts';
import {
  decodeIngestedBatch,
  decodeIngestedEvent,
  INGESTED_CLEAN_EVENTS,
  type IngestedEvent,
} from '../src/consumers/clean-event-rows.codec.js';
import { type EventRow, toRows } from '../src/domain/event-rows.js';
import { itemUpsertPayload } from './item-upsert-fixture.js';

const AT = Date.parse('2026-11-30T10:00:00.123Z');

function clean(id: string, payload: Event['payload'], more: Partial<Event> = {}, flags: string[] = []): CleanEvent {
  return CleanEvent.fromPartial({
    event: { eventId: id, userId: 'u1', sessionId: 's1', source: 'web', occurredAt: new Date(AT), payload, ...more },
    flags,
  });
}

const EVENTS: CleanEvent[] = [
  clean('p', {
    $case: 'purchase',
    purchase: { orderId: 'o1', itemId: 'i1', quantity: 2, unitPrice: 9.5, currency: 'CNY' },
  }),
  clean('c', { $case: 'addToCart', addToCart: { itemId: 'i2', quantity: 1, unitPrice: 0.1, currency: 'USD' } }),
  clean('r', { $case: 'removeFromCart', removeFromCart: { itemId: 'i2', quantity: 3 } }),
  clean('v', { $case: 'review', review: { itemId: 'i1', rating: 4, text: '好\'\\"', orderId: 'o1' } }, {}, [
    'pii:masked',
  ]),
  clean('s', { $case: 'search', search: { query: '连衣裙', resultsCount: 3 } }, { receivedAt: new Date(AT + 5) }),
  clean('d', {
    $case: 'dialogTurn',
    dialogTurn: { conversationId: 'c1', role: 1, text: 'hi', itemId: 'i4', turnIndex: 2 },
  }),
  clean('w', { $case: 'view', view: { itemId: 'i3', surface: 'home', dwellMs: 5 } }, {}, ['bot:pace', 'late']),
  clean('k', { $case: 'click', click: { itemId: 'i3', surface: 'rec', position: 2, recRequestId: 'q' } }),
  clean('old', { $case: 'view', view: { itemId: 'i3', surface: '', dwellMs: 0 } }, { occurredAt: new Date(-1234) }),
  // The latest time a Date holds: its seconds take a 7-byte varint, the longest read in place.
  clean('far', { $case: 'view', view: { itemId: 'i3', surface: '', dwellMs: 0 } }, { occurredAt: new Date(8.64e15) }),
  clean('epoch', { $case: 'view', view: { itemId: 'i3', surface: '', dwellMs: 0 } }, { occurredAt: new Date(999) }),
  clean('b', { $case: 'view', view: { itemId: 'i5', surface: '', dwellMs: 0 } }, { backfill: true, userId: '' }),
];

const ITEM = clean('u', itemUpsertPayload({ a: 'b' }, 3));

const bytesOf = (event: CleanEvent) => CleanEvent.encode(event).finish();

/** The rows the consumer stores for these values (what `toRows` of the whole messages gives). */
function rowsOf(values: IngestedEvent[]): { events: EventRow[]; items: unknown[] } {
  const rows = toRows(values.flatMap((v) => (v.clean ? [v.clean] : [])));
  return { events: [...values.flatMap((v) => (v.row ? [v.row] : [])), ...rows.events], items: rows.items };
}

test('behaviour events decode straight into the rows toRows makes of the whole message', () => {
  for (const event of EVENTS) {
    const value = decodeIngestedEvent(bytesOf(event));
    assert.ok(value.row, `${event.event?.eventId} is decoded into a row`);
    assert.deepEqual(value.row, toRows([event]).events[0]);
    assert.deepEqual([...value.bytes], [...bytesOf(event)]);
  }
});

test('catalog events, events without a payload or time, and unknown encodings are decoded whole', () => {
  const whole = [
    ITEM,
    clean('n', undefined),
    CleanEvent.fromPartial({ event: { eventId: 't', userId: 'u', payload: { $case: 'view', view: { itemId: 'i' } } } }),
    CleanEvent.fromPartial({ flags: ['x'] }),
  ];
  for (const event of whole) {
    const value = decodeIngestedEvent(bytesOf(event));
    assert.equal(value.row, undefined);
    assert.deepEqual(value.clean, CleanEvent.decode(bytesOf(event)));
  }
  // An end-group tag makes the generated decoder stop early: left to it.
  const grouped = Buffer.concat([bytesOf(EVENTS[0]!), Buffer.from([0x1c])]);
  assert.deepEqual(decodeIngestedEvent(grouped).clean, CleanEvent.decode(grouped));
});

test('unknown fields are skipped and a later payload replaces an earlier one, as in the generated decoder', () => {
  const view = bytesOf(EVENTS[6]!);
  const writer = new BinaryWriter();
  // An unknown varint field, an unknown length-delimited one, then the event again with a purchase.
  writer.uint32((9 << 3) | 0).uint32(7);
  writer.uint32((8 << 3) | 2).bytes(new Uint8Array([1, 2, 3]));
  const purchase = new BinaryWriter();
  purchase.uint32((15 << 3) | 2).bytes(new Uint8Array([0x12, 0x02, 0x69, 0x37, 0x18, 0x05]));
  purchase.uint32((99 << 3) | 1).fixed64(5);
  writer.uint32(10).bytes(purchase.finish());
  const mixed = Buffer.concat([view, writer.finish()]);
  const whole = CleanEvent.decode(mixed);
  assert.equal(whole.event?.payload?.$case, 'purchase');
  assert.deepEqual(decodeIngestedEvent(mixed).row, toRows([whole]).events[0]);
  // Inside one event: a review after a purchase leaves only the review's fields.
  const event = Event.encode(EVENTS[0]!.event!)
    .uint32((16 << 3) | 2)
    .bytes(new Uint8Array([0x0a, 0x02, 0x69, 0x38, 0x10, 0x03]))
    .finish();
  const replaced = new BinaryWriter().uint32(10).bytes(event).uint32(18).string('late').finish();
  const decoded = CleanEvent.decode(replaced);
  assert.deepEqual(decoded.event?.payload, {
    $case: 'review',
    review: { itemId: 'i8', rating: 3, text: '', orderId: '' },
  });
  assert.deepEqual(decodeIngestedEvent(replaced).row, toRows([decoded]).events[0]);
});

test('flags encoded before the event land in its row as flags after it do', () => {
  const event = Event.encode(EVENTS[7]!.event!).finish();
  const bytes = new BinaryWriter()
    .uint32(18)
    .string('early')
    .uint32(10)
    .bytes(event)
    .uint32(18)
    .string('late')
    .finish();
  const row = decodeIngestedEvent(bytes).row;
  assert.deepEqual(row?.flags, ['early', 'late']);
  assert.deepEqual(row, toRows([CleanEvent.decode(bytes)]).events[0]);
  assert.deepEqual(decodeIngestedEvent(bytesOf(EVENTS[7]!)).row?.flags, []);
});

test('a batched record gives each value with its own bytes, the same rows as the generated batch decoder', () => {
  const all = [...EVENTS, ITEM, clean('n', undefined)];
  const record = CleanEventBatch.encode({ events: all }).finish();
  const values = decodeIngestedBatch(record);
  assert.equal(values.length, all.length);
  assert.deepEqual(rowsOf(values), toRows(CleanEventBatch.decode(record).events));
  values.forEach((value, i) => assert.deepEqual([...value.bytes], [...bytesOf(all[i]!)]));
  // The batched form written back holds the same values.
  assert.deepEqual(
    CleanEventBatch.decode(INGESTED_CLEAN_EVENTS.batched!.encode(values)),
    CleanEventBatch.decode(record),
  );
});

test('the topic is events.clean.v1 as everyone else reads it; a value is re-sent (dead letter) as its own bytes', () => {
  const t = INGESTED_CLEAN_EVENTS;
  const c = Topics.eventsClean;
  assert.deepEqual(
    [t.name, t.dlq, t.partitions, t.contentType, t.batched?.contentType],
    [c.name, c.dlq, c.partitions, c.contentType, c.batched?.contentType],
  );
  const value = decodeIngestedEvent(bytesOf(EVENTS[0]!));
  assert.deepEqual([...t.codec.encode(value).finish()], [...bytesOf(EVENTS[0]!)]);
  assert.equal(t.keyOf(value), Topics.eventsClean.keyOf(EVENTS[0]!));
});
