import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { Event } from '@demand/contracts';
import { defaultEventLimits, type ValidationError } from '@demand/event-validation';
import { EventIntake } from '../src/domain/event-intake.js';
import { RecordingSink } from './fakes.js';

const HOUR = 3_600_000;
const nowMs = Date.parse('2026-11-23T12:00:00Z');
const clock = () => new Date(nowMs);

const view = (eventId: string, occurredAt = new Date(nowMs - 60_000)) =>
  Event.fromPartial({ eventId, userId: 'u-1', occurredAt, payload: { $case: 'view', view: { itemId: 'i-1' } } });

function intake() {
  const sink = new RecordingSink();
  return { sink, intake: new EventIntake(sink, defaultEventLimits, clock) };
}

test('no memory between calls: an id sent again is written again (the stages after it drop the copy)', async () => {
  const { sink, intake: door } = intake();
  assert.deepEqual(await door.trackBatch([view('a'), view('b')]), { acknowledged: 2, written: 2, duplicates: 0 });
  assert.deepEqual(await door.trackBatch([view('b'), view('c')]), { acknowledged: 2, written: 2, duplicates: 0 });
  assert.deepEqual(
    sink.written.map((e) => e.eventId),
    ['a', 'b', 'b', 'c'],
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
  const later = ['c', 'd', 'e', 'd', 'f', 'c', 'g'].map((id) => view(id));
  assert.deepEqual(await door.trackBatch(later), { acknowledged: 7, written: 5, duplicates: 2 });
  assert.deepEqual(
    sink.written.slice(2).map((e) => e.eventId),
    ['c', 'd', 'e', 'f', 'g'],
    'repeats after several first copies: each first copy once, in order',
  );
});

test('a failed write fails the call, and the retry goes through', async () => {
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

test('an invalid event fails the whole batch, names index and field, and nothing is written', async () => {
  const { sink, intake: door } = intake();
  const future = view('f', new Date(nowMs + HOUR));
  await assert.rejects(
    door.trackBatch([view('a'), future]),
    (e: ValidationError) =>
      e.code === 'INVALID_ARGUMENT' && /^events\[1\]\.occurred_at: is in the future/.test(e.message),
  );
  await assert.rejects(door.trackBatch([]), /events: must not be empty/);
  await assert.rejects(door.track(undefined), /event: is required/);
  assert.equal(sink.written.length, 0);
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
