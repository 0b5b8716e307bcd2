import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Event } from '@demand/contracts';
import { defaultEventLimits } from '@demand/event-validation';
import { preprocess, remember } from '../src/domain/preprocess.js';
import { RecentIds } from '../src/domain/recent-ids.js';

const now = new Date('2026-11-23T12:00:00Z');
const view = (eventId: string, occurredAt = new Date('2026-11-23T11:00:00Z')) =>
  Event.fromPartial({ eventId, userId: 'u1', occurredAt, receivedAt: now, payload: { $case: 'view', view: { itemId: 'i1' } } });

test('duplicates within a batch and within the window are dropped once remembered', () => {
  const seen = new RecentIds(100);
  const first = preprocess([view('a'), view('b'), view('a')], seen, defaultEventLimits, now);
  assert.deepEqual(first.clean.map((c) => c.event?.eventId), ['a', 'b']);
  assert.equal(first.duplicates, 1);
  const retried = preprocess([view('a')], seen, defaultEventLimits, now);
  assert.equal(retried.clean.length, 1, 'not remembered until published');
  remember(first.clean, seen);
  const again = preprocess([view('a'), view('c')], seen, defaultEventLimits, now);
  assert.deepEqual(again.clean.map((c) => c.event?.eventId), ['c']);
  assert.equal(again.duplicates, 1);
});

test('events that break the contract are rejected with the reason and their position', () => {
  const bad = Event.fromPartial({ eventId: 'x', userId: 'u1', occurredAt: now, payload: { $case: 'purchase', purchase: { orderId: 'o', itemId: 'i', quantity: 0 } } });
  const result = preprocess([view('a'), bad], new RecentIds(10), defaultEventLimits, now);
  assert.deepEqual(result.rejected, [{ index: 1, reason: 'event.purchase.quantity: must be between 1 and 10000 (got 0)' }]);
  assert.equal(result.clean.length, 1);
});

test('late events are kept and flagged; events without a receive time get the processing time', () => {
  const late = view('late', new Date('2026-11-20T00:00:00Z'));
  const direct = Event.fromPartial({ eventId: 'd', userId: 'u1', occurredAt: now, payload: { $case: 'view', view: { itemId: 'i1' } } });
  const result = preprocess([late, direct], new RecentIds(10), defaultEventLimits, now);
  assert.deepEqual(result.clean[0]?.flags, ['late']);
  assert.deepEqual(result.clean[1]?.event?.receivedAt, now);
  assert.equal(result.clean[1]?.schemaVersion, 1);
});

test('the window forgets the oldest ids first', () => {
  const seen = new RecentIds(2);
  seen.add('a'); seen.add('b'); seen.add('c');
  assert.equal(seen.has('a'), false);
  assert.equal(seen.has('c'), true);
  assert.equal(seen.size, 2);
});
