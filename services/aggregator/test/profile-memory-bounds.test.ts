import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import type { ItemInfo } from '@demand/segments';
import { ProfileService } from '../src/domain/profile-service.js';
import { DEFAULT_PROFILE_CACHE_OPTIONS, ProfileCache, ProfileNotFoundError } from '../src/domain/profiles.js';
import { RecentIds } from '../src/domain/recent-ids.js';
import type { ProfileSnapshot, ProfileSource } from '../src/ports/profile-source.port.js';

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

const NOW = Date.parse('2026-12-01T12:00:00Z');
const items: ItemInfo[] = [{ itemId: 'dress', categoryPath: ['服装'], brand: 'B', price: 200 }];
const view = (eventId: string) => ({ eventId, userId: 'u1', itemId: 'dress', kind: 'view' as const, at: NOW - 1000 });

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
  const source: ProfileSource = {
    async *readAll(): AsyncGenerator<ProfileSnapshot> {
      yield { items, events: stored };
    },
    readTouched: () => Promise.reject(new Error('not read here')),
  };
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
    },
  );
  await service.refreshAll();
  assert.equal(cache.userCount, 2);
  assert.equal(cache.itemProfile('shoe').views, 1);

  stored = stored.filter((e) => e.userId !== 'u2'); // aged out (retention) or removed
  assert.deepEqual(await service.refreshAll(), { users: ['u1'], items: ['dress'] });
  assert.equal(cache.userCount, 1);
  assert.throws(() => cache.userProfile('u2'), ProfileNotFoundError);
  assert.throws(() => cache.itemProfile('shoe'), ProfileNotFoundError);
});
