import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import type { ItemInfo } from '@demand/segments';
import { ProfileService } from '../src/domain/profile-service.js';
import type { StoredItemEvent } from '../src/domain/profile-events.js';
import { ProfileCache } from '../src/domain/profiles.js';
import type { ProfileSnapshot, ProfileSource } from '../src/ports/profile-source.port.js';
import { HAND_RUN_REFRESHES } from './event-row-fixture.js';

const NOW = Date.parse('2026-12-01T12:00:00Z');
const items: ItemInfo[] = [{ itemId: 'dress', categoryPath: ['服装'], brand: 'B', price: 200 }];
const view = (eventId: string, userId: string): StoredItemEvent => ({
  eventId,
  userId,
  itemId: 'dress',
  kind: 'view',
  at: NOW - 60_000,
});

test('a user forgotten while a full refresh is under way stays forgotten: the refresh read their rows before the store deleted them', async () => {
  const stored = [view('e1', 'u1'), view('e2', 'u2')];
  let release = (): void => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const source: ProfileSource = {
    async *readAll(): AsyncGenerator<ProfileSnapshot> {
      const events = [...stored]; // read before the forget below deletes u1's rows
      await gate;
      yield { items, events, userIds: new Set(events.map((e) => e.userId)), itemIds: new Set() };
    },
    readCatalog: async () => items,
    readTouched: async (users, touchedItems) => ({
      events: stored.filter((e) => users.includes(e.userId)),
      userIds: new Set(users),
      itemIds: new Set(touchedItems),
    }),
  };
  const cache = new ProfileCache();
  const service = new ProfileService(
    { cache, source, segment: () => Promise.reject(new Error('not fitted here')), now: () => NOW },
    HAND_RUN_REFRESHES,
  );
  const full = service.refreshAll();
  await new Promise((resolve) => setImmediate(resolve));
  stored.splice(0, 1); // the store deletes u1's rows…
  const forgotten = service.forgetUsers(['u1']); // …and the memory forgets u1
  release();
  await full;
  assert.equal(await forgotten, 1, "u1's profile, applied by the refresh, is removed after it");
  assert.ok(!cache.hasUser('u1'), 'u1 is not put back by the refresh that read it before the delete');
  assert.ok(cache.hasUser('u2'));
});

test('users a full refresh drops are announced at once, before the rescore and the update notice, even when it read no one', async () => {
  let stored = [view('e1', 'u1'), view('e2', 'u2')];
  const source: ProfileSource = {
    async *readAll(): AsyncGenerator<ProfileSnapshot> {
      const events = [...stored];
      if (events.length > 0) yield { items, events, userIds: new Set(events.map((e) => e.userId)), itemIds: new Set() };
    },
    readCatalog: async () => items,
    readTouched: async () => ({ events: [], userIds: new Set(), itemIds: new Set() }),
  };
  const cache = new ProfileCache();
  const order: string[] = [];
  const service = new ProfileService(
    {
      cache,
      source,
      segment: () => Promise.reject(new Error('not fitted here')),
      now: () => NOW,
      onUsersDropped: async (ids) => {
        order.push(`dropped ${ids.join(',')}, u1 held: ${cache.hasUser('u1')}`);
      },
      onUpdated: (updated) => void order.push(`updated ${updated.users.join(',')}`),
    },
    HAND_RUN_REFRESHES,
  );
  await service.refreshAll();
  assert.deepEqual(order, ['updated u1,u2'], 'nobody dropped: no notice of it');
  stored = [view('e2', 'u2')];
  order.length = 0;
  await service.refreshAll();
  assert.deepEqual(order, ['dropped u1, u1 held: false', 'updated u2']);
  stored = [];
  order.length = 0;
  await service.refreshAll();
  assert.deepEqual(order, ['dropped u2, u1 held: false'], 'an empty read drops everyone, with no update notice');
  assert.equal(cache.userCount, 0);
});
