// The profile benches' cache: a ProfileCache built from a test shop's events, as the aggregator's refresh
// builds it from ClickHouse.
import { ProfileCache, ProfileService } from '@demand/aggregator';
import type { ItemEvent } from '@demand/segments';
import { createShop } from '@demand/testkit';
import { progress } from './report.js';
import { tablesFromStream } from './segments-data.js';

/** What a touched refresh applies: some users' whole histories, no item recomputed (as `ProfileService` does). */
export type TouchedSnapshot = Parameters<ProfileCache['applyPage']>[0];

/**
 * The cache of `users` test-kit users' profiles (shop seed 11, 1,000 items, 30 days). Only the cache
 * stays reachable, as in the service: the shop's event lists would otherwise stay in the heap and
 * lengthen its GC pauses; with `touchedUsers`, the first that many users' events too, as a touched
 * refresh's snapshot (the service keeps such histories, `UserHistories`).
 */
export function testShopProfileCache(
  users: number,
  touchedUsers = 0,
): { cache: ProfileCache; userIds: string[]; touched: TouchedSnapshot; asOf: number } {
  const shop = createShop({ seed: 11, users, items: 1_000 });
  const tables = tablesFromStream(shop.generateEvents({ days: 30, includeCatalog: true }), 16);
  const events: ItemEvent[] = [];
  for (const [userId, list] of tables.eventsByUser) for (const e of list) events.push({ ...e, userId });
  const profiles = new ProfileCache();
  const built = performance.now();
  profiles.apply({ items: [...tables.items.values()], events }, tables.last);
  progress(
    `profile: ${profiles.userCount} users from ${events.length} events in ${(performance.now() - built).toFixed(0)} ms`,
  );
  const userIds = [...tables.eventsByUser.keys()];
  const touchedIds = new Set(userIds.slice(0, touchedUsers));
  const touched = {
    items: [...tables.items.values()],
    events: events.filter((e) => touchedIds.has(e.userId)),
    userIds: touchedIds,
    itemIds: new Set<string>(),
  };
  return { cache: profiles, userIds, touched, asOf: tables.last };
}

/** A profile service's schedules when a bench runs its touched refreshes by hand: nothing else runs in an hour. */
export const TOUCHED_BY_HAND: ConstructorParameters<typeof ProfileService>[1] = {
  touchedEveryMs: 2000,
  fullEveryMs: 3_600_000,
  segmentEveryMs: 3_600_000,
  segmentMinUsers: 1e9,
  kMin: 2,
  kMax: 2,
  seed: 1,
};

/**
 * A profile service over `cache` whose touched reads answer `touched` from memory (no full refresh, no segments),
 * its refreshes run by hand, in slices of `sliceMs` (the service's default when absent).
 */
export function touchedRefreshService(
  cache: ProfileCache,
  touched: TouchedSnapshot,
  asOf: number,
  sliceMs?: number,
): ProfileService {
  return new ProfileService(
    {
      cache,
      source: {
        readAll: () => {
          throw new Error('no full refresh here');
        },
        readCatalog: async () => touched.items,
        readTouched: async (): Promise<TouchedSnapshot> => touched,
      },
      segment: () => Promise.reject(new Error('segments are not fitted here')),
      now: () => asOf,
    },
    sliceMs === undefined ? TOUCHED_BY_HAND : { ...TOUCHED_BY_HAND, sliceMs },
  );
}
