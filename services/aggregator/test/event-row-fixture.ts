import type { EventRow, ItemRow } from '../src/domain/event-rows.js';
import type { ProfileServiceOptions } from '../src/domain/profile-service.js';
import type { ProfileSource } from '../src/ports/profile-source.port.js';

/** A clean_events row of `kind` by `user` on `item`, `daysAgo` days before `now`, in session `<user>-<day>`. */
export function eventRow(
  now: number,
  id: string,
  user: string,
  kind: string,
  item: string,
  daysAgo: number,
  extra: Partial<EventRow> = {},
): EventRow {
  const at = new Date(now - daysAgo * 86_400_000).toISOString();
  return {
    event_id: id,
    kind,
    user_id: user,
    session_id: `${user}-${Math.floor(daysAgo)}`,
    item_id: item,
    occurred_at: at,
    received_at: at,
    source: 'web',
    quantity: 0,
    unit_price: 0,
    currency: 'CNY',
    rating: 0,
    text: '',
    query: '',
    order_id: '',
    flags: [],
    ...extra,
  };
}

/** Three catalog items: lipstick and cream of brand A in `beauty`, a dress of brand B in 服装. */
export function testCatalog(beauty: string[] = ['美妆']): ItemRow[] {
  return ['lipstick', 'cream', 'dress'].map((id, i) => ({
    item_id: id,
    title: id,
    description: '',
    brand: i < 2 ? 'A' : 'B',
    category_path: i < 2 ? beauty : ['服装'],
    price: 100 * (i + 1),
    currency: 'CNY',
    attributes: {},
    stock: 1,
    updated_at: '2026-11-01T00:00:00.000Z',
  }));
}

/** Refreshes a test runs by hand (every period a minute), with too few users to segment. */
export const HAND_RUN_REFRESHES: ProfileServiceOptions = {
  touchedEveryMs: 60_000,
  fullEveryMs: 60_000,
  segmentEveryMs: 60_000,
  segmentMinUsers: 99,
  kMin: 2,
  kMax: 2,
  seed: 1,
};

/** `source` with every touched read's users and items noted, in order, one list per read. */
export function notingTouchedReads(source: ProfileSource): {
  source: ProfileSource;
  users: string[][];
  items: string[][];
} {
  const users: string[][] = [];
  const items: string[][] = [];
  return {
    users,
    items,
    source: {
      readAll: () => source.readAll(),
      readCatalog: () => source.readCatalog(),
      readTouched: (userIds, itemIds) => {
        users.push([...userIds]);
        items.push([...itemIds]);
        return source.readTouched(userIds, itemIds);
      },
    },
  };
}
