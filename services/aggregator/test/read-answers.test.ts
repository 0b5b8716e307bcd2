import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { GetUserProfileRequest } from '@demand/contracts';
import { segmentUsers } from '@demand/segments';
import { AnswerSync } from '../src/read-server/answer-sync.js';
import { AnswerBook, packAnswers } from '../src/read-server/answer-update.js';
import { userIdOfRequest } from '../src/read-server/profile-request.js';
import { forgettingServedAnswers, type ReadServer } from '../src/read-server/read-server.js';
import { NOW, profiles } from './profile-cache-fixture.js';

/** Runs the sync's steps to the end, applies its update to `book`, returns what it posted. */
function syncInto(sync: AnswerSync, cache: ReturnType<typeof profiles>, book: AnswerBook) {
  const steps = sync.changes(cache);
  let step = steps.next();
  while (!step.done) step = steps.next();
  book.apply(packAnswers(step.value.changed, step.value.removed));
  return { changed: step.value.changed.map(([id]) => id).sort(), removed: step.value.removed.sort() };
}

function sameAnswers(book: AnswerBook, cache: ReturnType<typeof profiles>): void {
  assert.equal(book.size, cache.userCount);
  for (const { userId } of cache.allUserProfiles()) {
    assert.deepEqual(book.get(userId), cache.encodedUserProfile(userId), userId);
  }
}

test('the request decoder reads user_id as the generated codec writes it, skips unknown fields, refuses garbage', () => {
  for (const userId of ['', 'u1', 'ü-ß-用户', 'x'.repeat(300)]) {
    const bytes = GetUserProfileRequest.encode({ userId }).finish();
    assert.equal(userIdOfRequest(bytes), userId);
    // Fields a newer client might send (varint 2, fixed64 3, bytes 4, fixed32 5) around it.
    const extra = Buffer.from([
      0x10, 0xac, 0x02, 0x19, 1, 2, 3, 4, 5, 6, 7, 8, 0x22, 0x02, 0x61, 0x62, 0x2d, 1, 2, 3, 4,
    ]);
    assert.equal(userIdOfRequest(Buffer.concat([extra, bytes, extra])), userId);
  }
  assert.throws(() => userIdOfRequest(Buffer.from([0x0a, 0x05, 0x61])), /past the end/);
  assert.throws(() => userIdOfRequest(Buffer.from([0x0b])), /wire type 3/);
  assert.throws(() => userIdOfRequest(Buffer.from([0x0a, 0xff])), /varint/);
});

test('a sync posts every answer first, then only what moved: a re-profiled user, a forget, a new segmentation', () => {
  const cache = profiles();
  const sync = new AnswerSync();
  const book = new AnswerBook();
  assert.equal(sync.looksStale(cache), true);
  assert.equal(syncInto(sync, cache, book).changed.length, 30);
  sameAnswers(book, cache);
  assert.equal(sync.looksStale(cache), false);
  assert.deepEqual(syncInto(sync, cache, book), { changed: [], removed: [] }, 'nothing moved, nothing posted');

  // u4 buys: its profile (and maybe others' RFM scores, once rescored) moves.
  cache.apply({ items: [], events: [{ userId: 'u4', kind: 'purchase', itemId: 'a', at: NOW }] }, NOW);
  const bought = syncInto(sync, cache, book);
  assert.ok(bought.changed.includes('u4'));
  assert.deepEqual(bought.removed, []);
  sameAnswers(book, cache);

  cache.forgetUsers(['u3', 'u7']);
  assert.equal(sync.looksStale(cache), true, 'fewer users than posted');
  const forgot = syncInto(sync, cache, book);
  assert.deepEqual(forgot.removed, ['u3', 'u7']);
  assert.equal(book.get('u3'), undefined);
  sameAnswers(book, cache);

  const { model, assignments } = segmentUsers({ profiles: cache.allUserProfiles(), options: { k: 3, seed: 5 } });
  cache.installSegmentation({ version: 2, fittedAt: NOW, model, assignments });
  assert.equal(sync.looksStale(cache), true, 'a new segmentation');
  assert.equal(syncInto(sync, cache, book).changed.length, 28, 'every answer names its segment');
  sameAnswers(book, cache);

  sync.reset();
  const fresh = new AnswerBook();
  assert.equal(syncInto(sync, cache, fresh).changed.length, 28, 'after a reset (a new worker) everything again');
  sameAnswers(fresh, cache);
});

test('a user forgotten while a sync is under way is left out of it and removed by the sync after', () => {
  const cache = profiles();
  const sync = new AnswerSync(1);
  const book = new AnswerBook();
  syncInto(sync, cache, book);
  cache.apply({ items: [], events: [{ userId: 'u9', kind: 'purchase', itemId: 'a', at: NOW }] }, NOW);
  const steps = sync.changes(cache);
  // A step a user: past the 30 posted users (none removed) to the first of the cache's list, taken by then.
  for (let i = 0; i < 31; i++) assert.equal(steps.next().done, false);
  cache.forgetUsers(['u9']);
  let step = steps.next();
  while (!step.done) step = steps.next();
  assert.ok(!step.value.changed.some(([id]) => id === 'u9'), 'no answer posted for a user no longer held');
  book.apply(packAnswers(step.value.changed, step.value.removed));
  assert.deepEqual(syncInto(sync, cache, book).removed, ['u9']);
  assert.equal(book.get('u9'), undefined);
});

test('a forget is acknowledged only after the read server has synced, and not at all if the forget failed', async () => {
  const order: string[] = [];
  let release!: () => void;
  const synced = new Promise<void>((resolve) => (release = resolve));
  const readServer = {
    forgetAnswers: async () => {
      order.push('sync started');
      await synced;
      order.push('sync done');
    },
  } as unknown as ReadServer;
  const memory = forgettingServedAnswers(
    { forgetUsers: async (ids) => (order.push('forgotten'), ids.length) },
    readServer,
  );
  const forget = memory.forgetUsers(['u1']).then((n) => order.push(`acknowledged ${n}`));
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(order, ['forgotten', 'sync started']);
  release();
  await forget;
  assert.deepEqual(order, ['forgotten', 'sync started', 'sync done', 'acknowledged 1']);

  const failing = forgettingServedAnswers({ forgetUsers: () => Promise.reject(new Error('store down')) }, readServer);
  order.length = 0;
  await assert.rejects(failing.forgetUsers(['u2']), /store down/);
  assert.deepEqual(order, []);
  const off = { forgetUsers: async () => 0 };
  assert.equal(forgettingServedAnswers(off, null), off, 'no read server: the service forgets alone');
});
