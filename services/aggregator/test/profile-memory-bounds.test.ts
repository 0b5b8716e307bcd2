import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import type { ItemEvent, ItemInfo } from '@demand/segments';
import { ProfileService, touchedPages } from '../src/domain/profile-service.js';
import { DEFAULT_PROFILE_CACHE_OPTIONS, ProfileCache, ProfileNotFoundError } from '../src/domain/profiles.js';
import { RecentIds } from '../src/domain/recent-ids.js';
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
