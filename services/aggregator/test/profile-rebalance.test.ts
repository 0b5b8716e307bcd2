import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import type { ItemInfo } from '@demand/segments';
import { ProfileService } from '../src/domain/profile-service.js';
import type { StoredItemEvent } from '../src/domain/profile-events.js';
import { ProfileCache } from '../src/domain/profiles.js';
import { HAND_RUN_REFRESHES } from './event-row-fixture.js';
import type { ProfileSnapshot, ProfileSource } from '../src/ports/profile-source.port.js';

const NOW = Date.parse('2026-12-01T12:00:00Z');
const items: ItemInfo[] = [{ itemId: 'dress', categoryPath: ['服装'], brand: 'B', price: 200 }];
const view = (eventId: string, userId: string, minutesAgo: number): StoredItemEvent => ({
  eventId,
  userId,
  itemId: 'dress',
  kind: 'view',
  at: NOW - minutesAgo * 60_000,
});

/**
 * Replica A of two aggregators sharing one store (`stored`): what B stores reaches the store but
 * not A's `touch`. `reads` lists the users A reads from the store at each touched refresh.
 */
function replicaA(stored: StoredItemEvent[], fullReadsWaitFor?: () => Promise<void>) {
  const reads: string[][] = [];
  const source: ProfileSource = {
    async *readAll(): AsyncGenerator<ProfileSnapshot> {
      const events = [...stored]; // what the store held when the read began
      yield { items, events, userIds: new Set(events.map((e) => e.userId)), itemIds: new Set() };
      await fullReadsWaitFor?.(); // the pages of other users still to come
    },
    readCatalog: async () => items,
    async readTouched(users, touchedItems) {
      reads.push([...users]);
      const events = stored.filter((e) => users.includes(e.userId));
      return { events, userIds: new Set(users), itemIds: new Set(touchedItems) };
    },
  };
  const cache = new ProfileCache();
  const service = new ProfileService(
    { cache, source, segment: () => Promise.reject(new Error('not fitted here')), now: () => NOW },
    HAND_RUN_REFRESHES,
  );
  /** A stores `events` itself (its consumer holds their partition) and refreshes what they touched. */
  const store = async (...events: StoredItemEvent[]) => {
    stored.push(...events);
    service.touch(
      events.map((e) => e.userId),
      [],
      events,
    );
    await service.refreshTouched();
  };
  return { service, cache, reads, store };
}

test('a partition that comes back after a rebalance makes its users be read again, with the events another replica stored', async () => {
  const stored = [view('e1', 'u1', 50)];
  const a = replicaA(stored);
  await a.service.refreshAll();
  a.service.holdPartitions([0, 1]); // the first join: partitions 0 and 1 (u1's)
  await a.store(view('e2', 'u1', 40));
  assert.deepEqual(a.reads, [['u1']], 'histories kept before the first join are read again');
  await a.store(view('e3', 'u1', 30));
  assert.deepEqual(a.reads, [['u1']], 'then the kept history moves on by the stored events alone');
  assert.equal(a.cache.userProfile('u1').activity?.views, 3);

  a.service.holdPartitions([0]); // partition 1 moves to replica B…
  stored.push(view('e4', 'u1', 20), view('e5', 'u2', 20)); // …which stores these
  a.service.holdPartitions([0, 1]); // and partition 1 comes back
  await new Promise((resolve) => setImmediate(resolve)); // the consumer's next batches come later
  await a.store(view('e6', 'u1', 10), view('e7', 'u2', 10));
  assert.deepEqual(a.reads.at(-1)?.toSorted(), ['u1', 'u2'], 'both users are read again');
  assert.equal(a.cache.userProfile('u1').activity?.views, 5, 'e1, e2, e3 and e6 stored here, e4 by B');
  assert.equal(a.cache.userProfile('u2').activity?.views, 2, 'u2 had no profile here, but e5 was stored by B');
});

test('a partition gained while a full refresh runs, with a touched refresh queued behind it: the queued one drops kept histories first', async () => {
  const stored = [view('e1', 'u1', 50)];
  let release = (): void => undefined;
  let gated = false;
  const a = replicaA(stored, () => (gated ? new Promise<void>((resolve) => (release = resolve)) : Promise.resolve()));
  await a.service.refreshAll();
  a.service.holdPartitions([0, 1]);
  await a.store(view('e2', 'u1', 40)); // read again after the first join, then kept

  gated = true;
  const full = a.service.refreshAll(); // u1's page: the store as it is now (e1, e2), history kept…
  await new Promise((resolve) => setImmediate(resolve));
  assert.ok(a.cache.histories.has('u1'), "u1's page is applied; the full refresh waits for its other pages");
  const e3 = view('e3', 'u1', 30);
  stored.push(e3);
  a.service.touch(['u1'], [], [e3]);
  const touched = a.service.refreshTouched(); // …queued behind it
  a.service.holdPartitions([0]);
  stored.push(view('e4', 'u1', 20)); // replica B stores e4 meanwhile
  a.service.holdPartitions([0, 1]); // and the partition comes back before the full refresh is done
  const e5 = view('e5', 'u1', 10);
  stored.push(e5);
  a.service.touch(['u1'], [], [e5]);
  release();
  await full;
  await touched;
  assert.deepEqual(a.reads.at(-1), ['u1'], 'u1 is read again, not extended from the full read');
  assert.equal(a.cache.userProfile('u1').activity?.views, 5, 'e4, stored by B, is counted too');
});
