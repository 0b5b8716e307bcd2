import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import {
  AsciiFastWriter,
  CleanEventBatch,
  Event,
  EventBatch,
  encodeEventListItem,
  Topics,
  TrackBatchRequest,
} from '../src/index.js';
import { outcome } from './outcome.js';
import { randomCleanEvents, randomEvents } from './random-events.js';

const same = (a: Uint8Array, b: Uint8Array) => assert.ok(Buffer.from(a).equals(Buffer.from(b)), 'same bytes');

/** Instants around every boundary of the timestamp shortcut (before 1970, the 32-bit seconds' end). */
const edgeInstants = [0, 1, 999, 1000, -1, -999, -1000, -1001, 2 ** 32 * 1000 - 1, 2 ** 32 * 1000, 8.64e15, -8.64e15];
/** Instants whose seconds (1 to 5 bytes) or nanos (3 to 5 bytes) sit either side of a varint's size step. */
const sizeSteps = [2 ** 7, 2 ** 14, 2 ** 21, 2 ** 28].flatMap((seconds) => [seconds * 1000 - 1000, seconds * 1000]);
const nanosSteps = [2, 3, 268, 269]; // nanos 2e6 < 2^21 < 3e6, 268e6 < 2^28 < 269e6

test('event lists encode to the bytes of the generated EventBatch encoder, for 3,000 varied events', () => {
  const events = randomEvents(11, 3000);
  same(Topics.eventsRaw.batched!.encode(events), EventBatch.encode({ events }).finish());
});

test("a TrackBatchRequest written event by event is the generated encoder's bytes", () => {
  const events = randomEvents(13, 3000);
  const writer = new AsciiFastWriter();
  for (const event of events) encodeEventListItem(event, writer);
  same(writer.finish(), TrackBatchRequest.encode({ events }).finish());
});

test('a writer reused after finish() writes the next TrackBatchRequest as the generated encoder does', () => {
  const writer = new AsciiFastWriter();
  for (const [seed, count] of [
    [21, 500],
    [22, 40],
    [23, 900],
  ] as const) {
    const events = randomEvents(seed, count);
    for (const event of events) encodeEventListItem(event, writer);
    same(writer.finish(), TrackBatchRequest.encode({ events }).finish());
  }
});

test('clean event lists encode to the bytes of the generated CleanEventBatch encoder', () => {
  const events = randomCleanEvents(12, 1000);
  same(Topics.eventsClean.batched!.encode(events), CleanEventBatch.encode({ events }).finish());
});

test('timestamps at the edges of the shortcut encode as the generated encoder writes them', () => {
  const events = [...edgeInstants, ...sizeSteps, ...nanosSteps].flatMap((ms, i) => [
    Event.fromPartial({ eventId: `a${i}`, occurredAt: new Date(ms) }),
    Event.fromPartial({ eventId: `b${i}`, receivedAt: new Date(ms), backfill: true }),
  ]);
  same(Topics.eventsRaw.batched!.encode(events), EventBatch.encode({ events }).finish());
  const clean = events.map((event) => ({ event, flags: ['late'], schemaVersion: 2 }));
  same(Topics.eventsClean.batched!.encode(clean), CleanEventBatch.encode({ events: clean }).finish());
});

test('an invalid date fails with the error of the generated encoder', () => {
  const events = [Event.fromPartial({ eventId: 'x', occurredAt: new Date(Number.NaN) })];
  const expected = outcome(() => EventBatch.encode({ events }).finish());
  assert.ok('error' in expected, 'the generated encoder takes an invalid date');
  assert.deepStrictEqual(
    outcome(() => Topics.eventsRaw.batched!.encode(events)),
    expected,
  );
  const clean = [{ event: events[0], flags: [], schemaVersion: 1 }];
  const expectedClean = outcome(() => CleanEventBatch.encode({ events: clean }).finish());
  assert.deepStrictEqual(
    outcome(() => Topics.eventsClean.batched!.encode(clean)),
    expectedClean,
  );
});

test('records encoded one after another keep their own bytes, also after a record that failed', () => {
  // The batched forms reuse one writer: each record must come out in an array of its own, and a record that
  // fails half-written must leave nothing behind for the next.
  const lists = [randomCleanEvents(31, 2000), randomCleanEvents(32, 3), randomCleanEvents(33, 400)];
  const failing = [
    { event: Event.fromPartial({ eventId: 'x', occurredAt: new Date(Number.NaN) }), flags: [], schemaVersion: 2 },
  ];
  const encoded: Uint8Array[] = [];
  for (const events of lists) {
    encoded.push(Topics.eventsClean.batched!.encode(events));
    assert.throws(() => Topics.eventsClean.batched!.encode([...events.slice(0, 5), ...failing]));
  }
  lists.forEach((events, i) => same(encoded[i]!, CleanEventBatch.encode({ events }).finish()));
});
