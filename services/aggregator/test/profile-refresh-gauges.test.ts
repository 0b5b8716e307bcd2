import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { Registry } from 'prom-client';
import type { ItemInfo } from '@demand/segments';
import { ProfileService } from '../src/domain/profile-service.js';
import { ProfileCache } from '../src/domain/profiles.js';
import { profileRefreshGauges } from '../src/profile-refresh-gauges.js';
import { HAND_RUN_REFRESHES } from './event-row-fixture.js';

const items: ItemInfo[] = [{ itemId: 'dress', categoryPath: ['服装'], brand: 'B', price: 200 }];
const AT = Date.parse('2026-12-01T12:00:00Z');

const gauge = async (registry: Registry, name: string) => {
  const line = (await registry.metrics()).split('\n').find((l) => l.startsWith(`${name} `));
  return Number(line?.split(' ')[1]);
};

test('the gauges show what waits for the touched refresh and whether one runs, until it is done', async () => {
  let release = (): void => undefined;
  const service = new ProfileService(
    {
      cache: new ProfileCache(),
      source: {
        async *readAll() {
          yield { items, events: [] };
        },
        readCatalog: async () => items,
        readTouched: async (users) => {
          await new Promise<void>((resolve) => (release = resolve));
          return {
            events: [{ eventId: 'e1', userId: 'u1', kind: 'view', itemId: 'dress', at: AT }],
            userIds: new Set(users),
          };
        },
      },
      segment: () => Promise.reject(new Error('not fitted here')),
      now: () => AT,
    },
    HAND_RUN_REFRESHES,
  );
  const registry = new Registry();
  profileRefreshGauges(registry, service);
  await service.refreshAll();
  assert.deepEqual(
    [
      await gauge(registry, 'aggregator_profile_touched_pending'),
      await gauge(registry, 'aggregator_profile_refresh_running'),
    ],
    [0, 0],
  );

  service.touch(['u1'], []); // a touch without events: u1 is read again
  assert.equal(await gauge(registry, 'aggregator_profile_touched_pending'), 1);
  const refresh = service.refreshTouched();
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(await gauge(registry, 'aggregator_profile_touched_pending'), 0, 'taken by the refresh');
  assert.equal(await gauge(registry, 'aggregator_profile_refresh_running'), 1, 'the read is under way');
  release();
  await refresh;
  assert.equal(await gauge(registry, 'aggregator_profile_refresh_running'), 0);
});
