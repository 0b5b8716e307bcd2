// The profile benches' cache: a ProfileCache built from a test shop's events, as the aggregator's refresh
// builds it from ClickHouse.
import { ProfileCache } from '@demand/aggregator';
import type { ItemEvent } from '@demand/segments';
import { createShop } from '@demand/testkit';
import { progress } from './report.js';
import { tablesFromStream } from './segments-data.js';

/**
 * The cache of `users` test-kit users' profiles (shop seed 11, 1,000 items, 30 days). Only the cache
 * stays reachable, as in the service: the shop's event lists would otherwise stay in the heap and
 * lengthen its GC pauses.
 */
export function testShopProfileCache(users: number): { cache: ProfileCache; userIds: string[] } {
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
  return { cache: profiles, userIds: [...tables.eventsByUser.keys()] };
}
