import { afterEach, beforeEach, jest, test } from '@jest/globals';
import assert from 'node:assert/strict';
import { segmentUsers, type ItemEvent } from '@demand/segments';
import { ProfileService, touchedRefreshDelay } from '../src/domain/profile-service.js';
import type { StoredItemEvent } from '../src/domain/profile-events.js';
import { ProfileCache } from '../src/domain/profiles.js';
import type { ProfileSource } from '../src/ports/profile-source.port.js';

const READ_MS = 300;
const EVERY_MS = 100;

beforeEach(() => {
  jest.useFakeTimers({ now: Date.parse('2026-12-01T12:00:00Z') });
});
afterEach(() => {
  jest.useRealTimers();
});

test('a touched refresh waits its period, or longer after a slow one so refreshes keep to their share', () => {
  assert.equal(touchedRefreshDelay(0, EVERY_MS, 0.2), EVERY_MS);
  assert.equal(touchedRefreshDelay(10, EVERY_MS, 0.2), EVERY_MS, 'a quick refresh: the period');
  assert.equal(touchedRefreshDelay(1000, EVERY_MS, 0.2), 4000, '1 s of refresh then 4 s without: a 20 % share');
  assert.equal(touchedRefreshDelay(1000, EVERY_MS), EVERY_MS, 'no share given: the period alone');
  assert.throws(() => touchedRefreshDelay(1, EVERY_MS, 0), /touchedMaxShare/);
  assert.throws(() => touchedRefreshDelay(1, EVERY_MS, 1.5), /touchedMaxShare/);
});

/** Start times of the touched refreshes of a running service whose touched read takes READ_MS. */
async function touchedStarts(touchedMaxShare: number, runMs: number): Promise<number[]> {
  const starts: number[] = [];
  const event: ItemEvent = { userId: 'u1', kind: 'view', itemId: 'dress', at: Date.now() };
  const items = [{ itemId: 'dress', categoryPath: ['服装'], brand: 'B', price: 200 }];
  const service = new ProfileService(
    {
      cache: new ProfileCache(),
      source: {
        async *readAll() {
          yield { items, events: [event] };
        },
        readCatalog: async () => items,
        readTouched: async (users) => {
          starts.push(Date.now());
          await new Promise((resolve) => setTimeout(resolve, READ_MS));
          service.touch(['u1'], []); // a steady stream: something is always touched
          return { events: [event], userIds: new Set(users) };
        },
      } satisfies ProfileSource,
      segment: async (input) => segmentUsers(input),
    },
    {
      touchedEveryMs: EVERY_MS,
      touchedMaxShare,
      fullEveryMs: 10 * runMs,
      segmentEveryMs: 10 * runMs,
      segmentMinUsers: 100,
      kMin: 2,
      kMax: 2,
      seed: 1,
    },
  );
  await service.start();
  const started = Date.now();
  service.touch(['u1'], []);
  await jest.advanceTimersByTimeAsync(runMs);
  await service.stop();
  return starts.map((at) => at - started);
}

test('the service spaces touched refreshes out when they are slow', async () => {
  // Share 1: the period after each read. Share 0.25: three reads' time after each read.
  assert.deepEqual(await touchedStarts(1, 2000), [100, 500, 900, 1300, 1700]);
  assert.deepEqual(await touchedStarts(0.25, 3000), [100, 1300, 2500]);
});

test('after a partition gain the next scheduled refresh is a full one, and new users then follow their events', async () => {
  const items = [{ itemId: 'dress', categoryPath: ['服装'], brand: 'B', price: 200 }];
  const at = Date.now();
  const stored: StoredItemEvent[] = [{ eventId: 'e1', userId: 'u1', kind: 'view', itemId: 'dress', at }];
  let fullReads = 0;
  const touchedReads: string[][] = [];
  const cache = new ProfileCache();
  const service = new ProfileService(
    {
      cache,
      source: {
        async *readAll() {
          fullReads++;
          yield { items, events: [...stored], userIds: new Set(stored.map((e) => e.userId)), itemIds: new Set() };
        },
        readCatalog: async () => items,
        readTouched: async (users) => {
          touchedReads.push([...users]);
          return { events: stored.filter((e) => users.includes(e.userId)), userIds: new Set(users) };
        },
      } satisfies ProfileSource,
      segment: async (input) => segmentUsers(input),
    },
    {
      touchedEveryMs: EVERY_MS,
      fullEveryMs: 1e9,
      segmentEveryMs: 1e9,
      segmentMinUsers: 100,
      kMin: 2,
      kMax: 2,
      seed: 1,
    },
  );
  await service.start();
  service.holdPartitions([0, 1]); // the first join, after the start's full read
  // Another replica stored e2 of u2 before this one took the partition; this one then stores e3.
  stored.push({ eventId: 'e2', userId: 'u2', kind: 'view', itemId: 'dress', at });
  await jest.advanceTimersByTimeAsync(EVERY_MS);
  assert.equal(fullReads, 2, 'the tick after the gain read everything');
  const e3: StoredItemEvent = { eventId: 'e3', userId: 'u2', kind: 'view', itemId: 'dress', at: at + 1 };
  const e4: StoredItemEvent = { eventId: 'e4', userId: 'u3', kind: 'view', itemId: 'dress', at: at + 1 };
  stored.push(e3, e4);
  service.touch(['u2', 'u3'], [], [e3, e4]);
  await jest.advanceTimersByTimeAsync(EVERY_MS);
  await service.stop();
  assert.deepEqual(touchedReads, [], 'u2 (read whole by the full refresh) and u3 (new since) follow their events');
  assert.equal(fullReads, 2);
  assert.equal(cache.userProfile('u2').activity?.views, 2, 'e2 from the other replica and e3');
  assert.equal(cache.userProfile('u3').activity?.views, 1);
});
