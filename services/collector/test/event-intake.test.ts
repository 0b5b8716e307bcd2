import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { Event } from '@demand/contracts';
import { defaultEventLimits, type ValidationError } from '@demand/event-validation';
import { EventIntake } from '../src/domain/event-intake.js';
import { InMemorySeenEventIds, RecordingSink } from './fakes.js';

const HOUR = 3_600_000;
let nowMs = Date.parse('2026-11-23T12:00:00Z');
const clock = () => new Date(nowMs);

const view = (eventId: string, occurredAt = new Date(nowMs - 60_000)) =>
  Event.fromPartial({ eventId, userId: 'u-1', occurredAt, payload: { $case: 'view', view: { itemId: 'i-1' } } });

function intake(windowMs = 24 * HOUR) {
  const sink = new RecordingSink();
  const seen = new InMemorySeenEventIds();
  return {
    sink,
    seen,
    intake: new EventIntake(sink, defaultEventLimits, seen, { windowMs, pruneEveryMs: 60_000 }, clock),
  };
}

test('an event id sent again is acknowledged but not written again', async () => {
  const { sink, intake: door } = intake();
  assert.deepEqual(await door.trackBatch([view('a'), view('b')]), { acknowledged: 2, written: 2, duplicates: 0 });
  assert.deepEqual(await door.trackBatch([view('b'), view('c')]), { acknowledged: 2, written: 1, duplicates: 1 });
  assert.equal(await door.track(view('a')), 'a');
  assert.deepEqual(
    sink.written.map((e) => e.eventId),
    ['a', 'b', 'c'],
  );
});

test('the same id twice in one batch is written once', async () => {
  const { sink, intake: door } = intake();
  assert.deepEqual(await door.trackBatch([view('a'), view('a'), view('b')]), {
    acknowledged: 3,
    written: 2,
    duplicates: 1,
  });
  assert.deepEqual(
    sink.written.map((e) => e.eventId),
    ['a', 'b'],
  );
});

test('an id is written again once the window has passed, and old ids are forgotten', async () => {
  const { sink, seen, intake: door } = intake(HOUR);
  await door.trackBatch([view('a')]);
  nowMs += HOUR + 1;
  assert.equal((await door.trackBatch([view('a', new Date(nowMs - 1000))])).written, 1);
  assert.equal(sink.written.length, 2);
  nowMs += 2 * HOUR;
  await door.trackBatch([view('z', new Date(nowMs - 1000))]);
  assert.deepEqual([...seen.ids.keys()], ['z'], 'ids older than the window are pruned');
});

test('a failed write is not remembered, so the retry goes through', async () => {
  const { sink, intake: door } = intake();
  sink.failures = 1;
  await assert.rejects(door.trackBatch([view('a')]), /broker unavailable/);
  assert.equal((await door.trackBatch([view('a')])).written, 1);
  assert.deepEqual(
    sink.written.map((e) => e.eventId),
    ['a'],
  );
});

test('the server time is stamped as received_at; late events are taken as they are', async () => {
  const { sink, intake: door } = intake();
  const lastWeek = new Date(nowMs - 7 * 24 * HOUR);
  await door.trackBatch([view('late', lastWeek)]);
  assert.deepEqual(sink.written[0]?.receivedAt, clock());
  assert.deepEqual(sink.written[0]?.occurredAt, lastWeek);
});

test('an invalid event fails the whole batch, names index and field, and nothing is written or remembered', async () => {
  const { sink, seen, intake: door } = intake();
  const future = view('f', new Date(nowMs + HOUR));
  await assert.rejects(
    door.trackBatch([view('a'), future]),
    (e: ValidationError) =>
      e.code === 'INVALID_ARGUMENT' && /^events\[1\]\.occurred_at: is in the future/.test(e.message),
  );
  await assert.rejects(door.trackBatch([]), /events: must not be empty/);
  await assert.rejects(door.track(undefined), /event: is required/);
  assert.equal(sink.written.length, 0);
  assert.equal(seen.ids.size, 0);
});

test('catalog upserts get fresh ids and are always written', async () => {
  const { sink, intake: door } = intake();
  const item = {
    itemId: 'i-1',
    title: '连衣裙',
    description: '',
    brand: '',
    categoryPath: [],
    price: 1,
    currency: 'CNY',
    attributes: {},
    stock: 1,
    localizedTitles: {},
  };
  assert.equal(await door.upsertItems([item, item]), 2);
  assert.equal(new Set(sink.written.map((e) => e.eventId)).size, 2);
});
