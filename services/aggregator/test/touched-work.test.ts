import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import type { StoredItemEvent } from '../src/domain/profile-events.js';
import { ProfileCache } from '../src/domain/profiles.js';
import { type BackfillWait, TouchedWork } from '../src/domain/touched-work.js';

const WAIT: BackfillWait = { quietMs: 5_000, maxWaitMs: 60_000, maxHeldEvents: 3 };
const search = (userId: string, eventId: string): StoredItemEvent => ({ eventId, userId, kind: 'search', at: 0 });
const backfill = (...ids: string[]) => new Set(ids);

/** Touched work over users with kept histories (their events are held, not read again). */
function work(kept: string[], wait = WAIT): TouchedWork {
  const cache = new ProfileCache();
  for (const id of kept) cache.histories.keep(id, []);
  return new TouchedWork(cache, wait);
}

/** What a take hands the refresh: users read again, and each held user's event ids. */
function taken(touched: TouchedWork, now: number) {
  const batch = touched.take(now);
  const held = [...batch.userEvents].map(([id, events]) => [id, events.map((e) => e.eventId)] as const);
  return { users: batch.users.sort(), held: Object.fromEntries(held) };
}

test('a user touched by backfill alone waits until no backfill came for quietMs, then comes with every held event', () => {
  const touched = work(['w']);
  touched.touch(1_000, ['w'], [], [search('w', '1')], backfill('w'));
  assert.equal(touched.pending, 1, 'the gauge counts the waiting user');
  assert.equal(touched.due(5_999), false);
  assert.deepEqual(taken(touched, 3_000), { users: [], held: {} }, 'nothing taken while it waits');
  touched.touch(4_000, ['w'], [], [search('w', '2')], backfill('w'));
  assert.equal(touched.due(8_999), false, 'the quiet counts from the last backfill');
  assert.equal(touched.due(9_000), true);
  assert.deepEqual(taken(touched, 9_000), { users: [], held: { w: ['1', '2'] } });
  assert.equal(touched.pending, 0);
});

test('an import that never goes quiet: the waiting users are taken maxWaitMs after the first waited', () => {
  const touched = work(['w', 'v'], { ...WAIT, maxHeldEvents: 100 });
  for (let now = 1_000; now < 61_000; now += 4_000) {
    touched.touch(now, ['w', 'v'], [], [search('w', `${now}`)], backfill('w', 'v'));
    assert.equal(touched.due(now), false, `still waiting at ${now}`);
  }
  assert.equal(touched.due(61_000), true);
  const { users, held } = taken(touched, 61_000);
  assert.deepEqual([users, Object.keys(held).sort(), held.w?.length], [[], ['v', 'w'], 15]);
});

test('a live event of a waiting user ends its wait at once; the others keep waiting', () => {
  const touched = work(['w', 'x']);
  touched.touch(1_000, ['w', 'x'], [], [search('w', '1'), search('x', '2')], backfill('w', 'x'));
  touched.touch(2_000, ['w'], [], [search('w', '3')]);
  assert.equal(touched.due(2_000), true);
  assert.deepEqual(taken(touched, 2_000), { users: [], held: { w: ['1', '3'] } });
  assert.equal(touched.pending, 1, 'x still waits');
  assert.deepEqual(taken(touched, 6_000), { users: [], held: { x: ['2'] } });
});

test('a backfill touch of a user already pending for a live event does not hold it back', () => {
  const touched = work(['w']);
  touched.touch(1_000, ['w'], [], [search('w', '1')]);
  touched.touch(1_500, ['w'], [], [search('w', '2')], backfill('w'));
  assert.deepEqual(taken(touched, 2_000), { users: [], held: { w: ['1', '2'] } });
});

test('past maxHeldEvents, waiting users drop their held events and are read again when the wait ends', () => {
  const touched = work(['w', 'v']);
  touched.touch(1_000, ['w', 'v'], [], [search('w', '1'), search('v', '2')], backfill('w', 'v'));
  touched.touch(2_000, ['w'], [], [search('w', '3'), search('w', '4')], backfill('w'));
  assert.deepEqual([touched.pending, touched.due(2_000)], [2, false]);
  assert.deepEqual(taken(touched, 7_000), { users: ['v', 'w'], held: {} });
});

test('a forgotten waiting user, held events and all, never comes back', () => {
  const touched = work(['w']);
  touched.touch(1_000, ['w', 'r'], [], [search('w', '1'), search('r', '2')], backfill('w', 'r'));
  assert.equal(touched.pending, 2, 'w holds its event, r (no kept history) is read again');
  touched.forget(['w', 'r']);
  assert.equal(touched.pending, 0);
  assert.equal(touched.due(100_000), false);
  assert.deepEqual(taken(touched, 100_000), { users: [], held: {} });
});

test('a full refresh clears the waits; what is touched during it waits anew and is not lost', () => {
  const touched = work(['w', 'v', 'l']);
  touched.touch(1_000, ['w'], [], [search('w', '1')], backfill('w'));
  touched.clearForFullRead();
  assert.equal(touched.pending, 0, 'the full read covers what w waited for');
  touched.touch(3_000, ['v'], [], [search('v', '2')], backfill('v'));
  touched.touch(3_000, ['l'], [], [search('l', '3')]);
  touched.fullReadComplete();
  assert.deepEqual(taken(touched, 3_000), { users: [], held: { l: ['3'] } });
  assert.equal(touched.due(7_999), false, 'v waits from its own touch');
  assert.deepEqual(taken(touched, 8_000), { users: [], held: { v: ['2'] } });
});
