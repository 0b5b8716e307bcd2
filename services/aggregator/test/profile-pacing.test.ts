import { afterEach, beforeEach, jest, test } from '@jest/globals';
import assert from 'node:assert/strict';
import { segmentUsers, type ItemEvent } from '@demand/segments';
import { ProfileService, touchedRefreshDelay } from '../src/domain/profile-service.js';
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
