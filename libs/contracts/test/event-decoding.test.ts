import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { BinaryWriter, CleanEventBatch, Event, EventBatch, Topics, decodeEventList } from '../src/index.js';

/** A small seeded generator, so a failure names the same events every run. */
function randomSource(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  return { next, pick };
}

const strings = [
  '',
  'a',
  'user-000017',
  'x'.repeat(33),
  '好看的连衣裙',
  'café 😀',
  `${'w'.repeat(40)}\ud800`,
  '\u0080',
];
const instants = [
  0,
  1,
  999,
  -1,
  -86_400_001,
  Date.UTC(2026, 8, 5, 12, 30, 1, 999),
  Date.UTC(2026, 8, 5),
  8.64e15 - 1000, // near the end of Date's range
  -8.64e15,
];

function randomEvent(random: ReturnType<typeof randomSource>, i: number): Event {
  const { next, pick } = random;
  const text = () => pick(strings);
  const count = () => pick([0, 1, 127, 128, 2 ** 31, 2 ** 32 - 1]);
  const price = () => pick([0, 12.5, -0, 1e300, Number.NaN]);
  const payloads: NonNullable<Event['payload']>[] = [
    { $case: 'view', view: { itemId: text(), surface: text(), dwellMs: count() } },
    { $case: 'click', click: { itemId: text(), surface: text(), position: count(), recRequestId: text() } },
    { $case: 'search', search: { query: text(), resultsCount: count() } },
    { $case: 'addToCart', addToCart: { itemId: text(), quantity: count(), unitPrice: price(), currency: text() } },
    { $case: 'removeFromCart', removeFromCart: { itemId: text(), quantity: count() } },
    {
      $case: 'purchase',
      purchase: { orderId: text(), itemId: text(), quantity: count(), unitPrice: price(), currency: text() },
    },
    { $case: 'review', review: { itemId: text(), rating: count(), text: text(), orderId: text() } },
    {
      $case: 'dialogTurn',
      dialogTurn: { conversationId: text(), role: pick([0, 1, 2, -1]), text: text(), itemId: text(), turnIndex: 3 },
    },
    {
      $case: 'itemUpsert',
      itemUpsert: {
        itemId: text(),
        title: text(),
        description: text(),
        brand: text(),
        categoryPath: [text(), text()],
        price: price(),
        currency: text(),
        attributes: { [text()]: text() },
        stock: pick([0, -3, 2 ** 40]),
        localizedTitles: { en: text() },
      },
    },
  ];
  const instant = () => new Date(pick(instants) + (next() < 0.5 ? 0 : Math.floor(next() * 1000)));
  return Event.fromPartial({
    eventId: `ev-${i}-${text()}`,
    userId: text(),
    sessionId: text(),
    ...(next() < 0.9 && { occurredAt: instant() }),
    ...(next() < 0.5 && { receivedAt: instant() }),
    source: text(),
    backfill: next() < 0.3,
    ...(next() < 0.95 && { payload: pick(payloads) }),
  });
}

const timestampField = (field: number, bytes: number[]) => [field * 8 + 2, bytes.length, ...bytes];
const eventBytes = (parts: number[][]) => {
  const body = [10, 1, 0x61, ...parts.flat()]; // event_id "a", then the parts
  return [10, body.length, ...body];
};

/** Hand-made events: timestamps of every other shape, unknown fields, wrong wire types, group ends. */
const oddRecords: number[][] = [
  eventBytes([timestampField(4, [])]),
  eventBytes([timestampField(4, [16, 5, 8, 1])]), // nanos before seconds
  eventBytes([timestampField(4, [8, 1, 8, 2])]), // seconds twice
  eventBytes([timestampField(4, [8, 1, 24, 7])]), // an unknown field inside
  eventBytes([timestampField(4, [8, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01])]), // 2^49, 8 bytes
  eventBytes([timestampField(4, [8, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01])]), // -1
  eventBytes([timestampField(4, [16, 0xff, 0xff, 0xff, 0xff, 0x07])]), // nanos 2^31 - 1
  eventBytes([timestampField(4, [16, 0x80, 0x80, 0x80, 0x80, 0x08])]), // nanos 2^31: int32 wraps
  eventBytes([timestampField(4, [16, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01])]), // nanos -1
  eventBytes([timestampField(4, [8, 0x81, 0x00])]), // seconds in a longer varint than needed
  eventBytes([timestampField(4, [8, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x10])]), // past 2^64: wraps
  eventBytes([timestampField(5, [8, 5]), timestampField(5, [16, 9])]), // received_at twice: the last replaces
  eventBytes([[33, 1, 2, 3, 4, 5, 6, 7, 8]]), // field 4 as fixed64: skipped
  eventBytes([[8, 1]]), // field 1 as a varint: skipped
  eventBytes([[0xca, 0x01, 2, 0x61, 0x62]]), // unknown field 25, length-delimited
  eventBytes([[82, 2, 8, 1]]), // a view with a wrong-typed field
  eventBytes([[12], timestampField(4, [8, 1])]), // a group end inside the event
  eventBytes([[0], [56, 1]]), // tag 0 inside the event
  [18, 2, 0x61, 0x62, ...eventBytes([[56, 1]])], // a batch-level unknown field
  [8, 3, ...eventBytes([[56, 1]])],
  [12, ...eventBytes([[56, 1]])], // a group end at the batch level
];

/** Inputs the generated decoder rejects, with the error it throws. */
const brokenRecords: number[][] = [
  [10, 9, 10, 1, 0x61, 34, 5, 8, 1], // the timestamp runs past the end
  [10, 5, 34, 3, 8, 0x80, 0x80], // the timestamp ends inside its varint
  [10, 12, 34, 10, 8, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f], // seconds past 2^53
  [10, 3, 10, 5, 0x61],
];

test('event lists decode to what the generated EventBatch decoder returns, for 3,000 varied events', () => {
  const random = randomSource(42);
  const events = Array.from({ length: 3000 }, (_, i) => randomEvent(random, i));
  const bytes = EventBatch.encode({ events }).finish();
  assert.deepStrictEqual(decodeEventList(bytes), EventBatch.decode(bytes).events);
  assert.deepStrictEqual(Topics.eventsRaw.batched!.decode(bytes), EventBatch.decode(bytes).events);
});

test('clean event lists decode to what the generated CleanEventBatch decoder returns', () => {
  const random = randomSource(7);
  const events = Array.from({ length: 1000 }, (_, i) => ({
    ...(i % 10 !== 0 && { event: randomEvent(random, i) }),
    flags: i % 3 === 0 ? [] : ['late', `bot:${random.pick(strings)}`],
    schemaVersion: i % 4,
  }));
  const bytes = CleanEventBatch.encode({ events }).finish();
  const odd = Uint8Array.from([...bytes, 26, 1, 0x61, 10, 4, 8, 1, 24, 2]); // unknown field, flag-less event
  for (const input of [bytes, odd])
    assert.deepStrictEqual(Topics.eventsClean.batched!.decode(input), CleanEventBatch.decode(input).events);
});

test('hand-made events of every other shape decode as the generated decoder decodes them', () => {
  for (const record of oddRecords) {
    const bytes = Uint8Array.from(record);
    assert.deepStrictEqual(decodeEventList(bytes), EventBatch.decode(bytes).events, `bytes ${record}`);
  }
});

test('what the generated decoder rejects is rejected with its error', () => {
  for (const record of brokenRecords) {
    const bytes = Uint8Array.from(record);
    const expected = (() => {
      try {
        EventBatch.decode(bytes);
      } catch (error) {
        return error as Error;
      }
      assert.fail(`the generated decoder takes ${record}`);
    })();
    assert.throws(
      () => decodeEventList(bytes),
      (error) => error instanceof expected.constructor && (error as Error).message === expected.message,
      `bytes ${record}`,
    );
  }
});

test("each event's received bytes are its slice of the input", () => {
  const random = randomSource(3);
  const events = Array.from({ length: 50 }, (_, i) => randomEvent(random, i));
  const writer = new BinaryWriter();
  for (const event of events) writer.uint32(10).bytes(Event.encode(event).finish()).uint32(16).uint32(1);
  const bytes = writer.finish();
  const received: Uint8Array[] = [];
  const decoded = decodeEventList(bytes, received);
  assert.equal(received.length, events.length);
  received.forEach((slice, i) => {
    assert.deepStrictEqual(Buffer.from(slice), Buffer.from(Event.encode(events[i]!).finish()));
    assert.deepStrictEqual(Event.decode(slice), decoded[i]);
  });
});
