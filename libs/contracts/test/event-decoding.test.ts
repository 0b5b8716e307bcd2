import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { BinaryWriter, CleanEventBatch, Event, EventBatch, Topics, decodeEventList } from '../src/index.js';
import { outcome } from './outcome.js';
import { randomCleanEvents, randomEvents } from './random-events.js';

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
  eventBytes([timestampField(4, [24, 7])]), // only an unknown field
  eventBytes([timestampField(4, [8, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f])]), // 2^49 - 1, 7 bytes
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
  [0, ...eventBytes([[56, 1]])], // tag 0 at the batch level
];

/** Inputs the generated decoder rejects, with the error it throws. */
const brokenRecords: number[][] = [
  [10, 9, 10, 1, 0x61, 34, 5, 8, 1], // the timestamp runs past the end
  [10, 5, 34, 3, 8, 0x80, 0x80], // the timestamp ends inside its varint
  [10, 12, 34, 10, 8, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f], // seconds past 2^53
  [10, 14, 10, 1, 0x61, 34, 9, 8, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f], // seconds 2^56 - 1, 8 bytes
  [10, 3, 10, 5, 0x61],
];

/** Hand-made CleanEvents and CleanEventBatches: group ends, tag 0, wrong wire types, records cut short. */
const cleanRecords: number[][] = [
  [10, 1, 12], // a group end inside the CleanEvent
  [10, 1, 28], // a group end of field 3 inside the CleanEvent
  [10, 3, 12, 10, 0], // a group end, the CleanEvent's rest then read at the batch level: a second CleanEvent
  [10, 3, 0, 24, 1], // tag 0 inside the CleanEvent, its rest then skipped at the batch level
  [12, 10, 2, 24, 1], // a group end at the batch level
  [0, 10, 2, 24, 1], // tag 0 at the batch level
  [10, 4, 11, 12, 24, 1], // a group of field 1 inside the CleanEvent: skipped
  [10, 2, 8, 1], // event (field 1) as a varint
  [10, 2, 16, 1], // flags (field 2) as a varint
  [10, 3, 26, 1, 0x61, 10, 2, 24, 5], // schema_version (field 3) length-delimited
  [10, 5, 29, 1, 2, 3, 4], // schema_version as fixed32
  [8, 1, 10, 2, 24, 3], // events (field 1) as a varint at the batch level
  [10, 5, 24, 1], // the CleanEvent runs past the end
  [10, 2, 24, 0x80], // the CleanEvent ends inside its schema_version
  [10, 3, 18, 5, 0x61], // a flag runs past the end
  [10, 2, 10, 5], // the event runs past the end
  [10], // the CleanEvent's length missing
  [10, 0x80], // the batch ends inside the CleanEvent's length
];

test('event lists decode to what the generated EventBatch decoder returns, for 3,000 varied events', () => {
  const events = randomEvents(42, 3000);
  const bytes = EventBatch.encode({ events }).finish();
  assert.deepStrictEqual(decodeEventList(bytes), EventBatch.decode(bytes).events);
  assert.deepStrictEqual(Topics.eventsRaw.batched!.decode(bytes), EventBatch.decode(bytes).events);
});

test('clean event lists decode to what the generated CleanEventBatch decoder returns', () => {
  const events = randomCleanEvents(7, 1000);
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
    const expected = outcome(() => EventBatch.decode(bytes).events);
    assert.ok('error' in expected, `the generated decoder takes ${record}`);
    assert.deepStrictEqual(
      outcome(() => decodeEventList(bytes)),
      expected,
      `bytes ${record}`,
    );
  }
});

test('clean event lists of odd, broken and hand-made records decode or fail as the generated decoder', () => {
  // Each event list above read as one CleanEvent's bytes (a CleanEvent's field 1 is an Event too).
  const asCleanEvent = (record: number[]) => new BinaryWriter().uint32(10).bytes(Uint8Array.from(record)).finish();
  const inputs = [...oddRecords, ...brokenRecords]
    .map(asCleanEvent)
    .concat(cleanRecords.map((r) => Uint8Array.from(r)));
  for (const bytes of inputs) {
    const expected = outcome(() => CleanEventBatch.decode(bytes).events);
    assert.deepStrictEqual(
      outcome(() => Topics.eventsClean.batched!.decode(bytes)),
      expected,
      `bytes ${bytes}`,
    );
  }
});

test("each event's received bytes are its slice of the input", () => {
  const events = randomEvents(3, 50);
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
