import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import type { ItemEvent, ItemInfo } from '@demand/segments';
import { ProfileService, touchedPages } from '../src/domain/profile-service.js';
import { DEFAULT_PROFILE_CACHE_OPTIONS, ProfileCache, ProfileNotFoundError } from '../src/domain/profiles.js';
import type { StoredItemEvent } from '../src/domain/profile-events.js';
import { RecentIds } from '../src/domain/recent-ids.js';
import { UserHistories } from '../src/domain/user-histories.js';
import type { ProfileSnapshot, ProfileSource } from '../src/ports/profile-source.port.js';

const NOW = Date.parse('2026-12-01T12:00:00Z');
const items: ItemInfo[] = [{ itemId: 'dress', categoryPath: ['服装'], brand: 'B', price: 200 }];
const view = (eventId: string) => ({ eventId, userId: 'u1', itemId: 'dress', kind: 'view' as const, at: NOW - 1000 });

function serviceOver(source: ProfileSource, touchedPageIds?: number) {
  const cache = new ProfileCache();
  const service = new ProfileService(
    { cache, source, segment: () => Promise.reject(new Error('not fitted here')), now: () => NOW },
    {
      touchedEveryMs: 60_000,
      fullEveryMs: 60_000,
      segmentEveryMs: 60_000,
      segmentMinUsers: 100,
      kMin: 2,
      kMax: 2,
      seed: 1,
      ...(touchedPageIds === undefined ? {} : { touchedPageIds }),
    },
  );
  return { cache, service };
}

test('RecentIds holds at most its capacity, forgetting the oldest id first', () => {
  const ids = new RecentIds(3);
  for (const id of ['a', 'b', 'c', 'b', 'd']) ids.add(id);
  assert.equal(ids.size, 3);
  assert.deepEqual(
    ['a', 'b', 'c', 'd'].map((id) => ids.has(id)),
    [false, true, true, true],
  );
  ids.clear();
  assert.equal(ids.size, 0);
  assert.throws(() => new RecentIds(0), RangeError);
});

test('RecentIds keeps exactly the last `capacity` ids however often it has wrapped around, and after a clear', () => {
  const ids = new RecentIds(4);
  for (let round = 0; round < 2; round++) {
    for (let i = 0; i < 23; i++) ids.add(`e${i}`);
    assert.equal(ids.size, 4);
    assert.deepEqual(
      Array.from({ length: 23 }, (_, i) => i).filter((i) => ids.has(`e${i}`)),
      [19, 20, 21, 22],
    );
    ids.add('e20'); // already held: it does not count as new, so nothing is forgotten
    assert.ok(ids.has('e19'));
    ids.add('x');
    assert.deepEqual(
      ['e19', 'e20', 'x'].map((id) => ids.has(id)),
      [false, true, true],
    );
    ids.clear();
    assert.equal(ids.size, 0);
  }
});

test('kept histories hold at most their capacity in events, forgetting the users kept longest ago first', () => {
  const view = (userId: string, n: number): StoredItemEvent => ({
    userId,
    kind: 'view',
    itemId: 'i',
    at: n,
    eventId: `${userId}-${n}`,
  });
  const histories = new UserHistories(6);
  for (const id of ['a', 'b', 'c']) histories.keep(id, [view(id, 0)]);
  for (let round = 1; round <= 50; round++) {
    // a is moved on every round, b is kept again (its history unchanged), c is left alone.
    histories.extend('a', [view('a', round)]);
    histories.keep('b', [view('b', 0)]);
  }
  assert.deepEqual(
    ['a', 'b', 'c'].map((id) => histories.has(id)),
    [false, true, false],
    'c, kept longest ago, went first, then a (kept before b in the round that overflowed)',
  );
  histories.keep('c', [view('c', 0), view('c', 1)]);
  histories.keep('d', [view('d', 0), view('d', 1), view('d', 2)]);
  assert.deepEqual(
    ['b', 'c', 'd'].map((id) => histories.has(id)),
    [true, true, true],
  );
  histories.keep('e', [view('e', 0)]);
  assert.deepEqual(
    ['b', 'c', 'd', 'e'].map((id) => histories.has(id)),
    [false, true, true, true],
    '7 events: b, the oldest kept, goes',
  );
  histories.forget(['c']);
  histories.keep('f', [view('f', 0), view('f', 1)]);
  assert.deepEqual(
    ['d', 'e', 'f'].map((id) => histories.has(id)),
    [true, true, true],
    'a forgotten user frees its events',
  );
  histories.clear();
  assert.equal(histories.size, 0);
});

test('kept histories stay bounded when every keep is a new user evicted by capacity (an import of many users)', () => {
  const histories = new UserHistories(100);
  for (let n = 0; n < 50_000; n++) {
    const view: StoredItemEvent = { userId: `u${n}`, kind: 'view', itemId: 'i', at: n, eventId: `e${n}` };
    histories.keep(`u${n}`, [view]);
  }
  assert.equal(histories.size, 100);
  const order = (histories as unknown as { order: unknown[] }).order;
  assert.ok(order.length <= 2 * 100 + 1024 + 1, `the keeping order holds ${order.length} entries for 100 users`);
});

test('item profiles count a redelivered event once while its id is among the last `followedEventIds`', () => {
  const cache = new ProfileCache({ ...DEFAULT_PROFILE_CACHE_OPTIONS, followedEventIds: 2 });
  cache.apply({ items, events: [] }, NOW);
  cache.applyItemEvents([view('e1'), view('e2')], NOW);
  cache.applyItemEvents([view('e2')], NOW);
  assert.equal(cache.itemProfile('dress').views, 2, 'e2 redelivered, counted once');
  cache.applyItemEvents([view('e3')], NOW);
  cache.applyItemEvents([view('e1')], NOW);
  assert.equal(cache.itemProfile('dress').views, 4, 'e1 was forgotten (bound 2): its redelivery counts again');
});

test('a full refresh drops the profiles of users and items whose events are no longer stored', async () => {
  let stored = [view('e1'), { ...view('e2'), userId: 'u2', itemId: 'shoe' }];
  const { cache, service } = serviceOver({
    async *readAll(): AsyncGenerator<ProfileSnapshot> {
      yield { items, events: stored };
    },
    readCatalog: () => Promise.reject(new Error('not read here')),
    readTouched: () => Promise.reject(new Error('not read here')),
  });
  await service.refreshAll();
  assert.equal(cache.userCount, 2);
  assert.equal(cache.itemProfile('shoe').views, 1);

  stored = stored.filter((e) => e.userId !== 'u2'); // aged out (retention) or removed
  assert.deepEqual(await service.refreshAll(), { users: ['u1'], items: ['dress'] });
  assert.equal(cache.userCount, 1);
  assert.throws(() => cache.userProfile('u2'), ProfileNotFoundError);
  assert.throws(() => cache.itemProfile('shoe'), ProfileNotFoundError);
});

const purchase = (userId: string, unitPrice: number): ItemEvent => ({
  userId,
  kind: 'purchase',
  itemId: 'dress',
  at: NOW - 86_400_000,
  orderId: `${userId}-o`,
  quantity: 1,
  unitPrice,
});
const users = ['u1', 'u2', 'u3', 'u4', 'u5'];
const history = users.map((u, i) => purchase(u, 100 * (i + 1)));

function serviceReading(pageIds: number | undefined) {
  const reads: { users: string[]; items: string[] }[] = [];
  let catalogReads = 0;
  const { cache, service } = serviceOver(
    {
      async *readAll(): AsyncGenerator<ProfileSnapshot> {},
      async readCatalog() {
        catalogReads++;
        return items;
      },
      async readTouched(touchedUsers, touchedItems) {
        reads.push({ users: [...touchedUsers], items: [...touchedItems] });
        const events = history.filter((e) => touchedUsers.includes(e.userId) || touchedItems.includes(e.itemId ?? ''));
        return { events, userIds: new Set(touchedUsers), itemIds: new Set(touchedItems) };
      },
    },
    pageIds,
  );
  return { service, cache, reads, catalogReads: () => catalogReads };
}

test('touchedPages cuts users then items into pages of at most `size` ids in all', () => {
  assert.deepEqual(
    [...touchedPages(['a', 'b', 'c'], ['x', 'y'], 2)],
    [
      { users: ['a', 'b'], items: [] },
      { users: ['c'], items: ['x'] },
      { users: [], items: ['y'] },
    ],
  );
  assert.deepEqual([...touchedPages([], [], 2)], []);
  assert.throws(() => [...touchedPages(['a'], [], 0)], RangeError);
});

test('a touched backlog is read a page at a time, and gives the profiles and scores of one read', async () => {
  const paged = serviceReading(2);
  const whole = serviceReading(undefined);
  for (const { service } of [paged, whole]) service.touch(users, ['dress']);
  const [pagedResult, wholeResult] = [await paged.service.refreshTouched(), await whole.service.refreshTouched()];

  assert.deepEqual(paged.reads, [
    { users: ['u1', 'u2'], items: [] },
    { users: ['u3', 'u4'], items: [] },
    { users: ['u5'], items: ['dress'] },
  ]);
  assert.equal(whole.reads.length, 1, 'the default page holds this small backlog whole');
  assert.equal(paged.catalogReads(), 1, 'the catalog is read once for the three pages');
  assert.deepEqual(pagedResult, wholeResult);
  for (const user of users) {
    assert.deepEqual(paged.cache.userProfile(user), whole.cache.userProfile(user), `profile of ${user}`);
  }
  const mScores = users.map((u) => paged.cache.userProfile(u).mScore);
  assert.deepEqual(mScores, [1, 2, 3, 4, 5], 'RFM scores rank every page together');
  assert.deepEqual(paged.cache.itemProfile('dress'), whole.cache.itemProfile('dress'));
});
