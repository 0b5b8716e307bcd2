import type { Interaction, InteractionKind, ItemInfo, RecommendRequest } from '../src/index.js';
import { DAY, NOW } from './fixtures.js';

/** A deterministic small shop: 600 items in 12 leaf categories, 500 users with tastes, carts, purchases, sessions. */
export function answersShop(): { items: ItemInfo[]; interactions: Interaction[] } {
  let s = 20261205;
  const rand = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
  const items: ItemInfo[] = Array.from({ length: 600 }, (_, i) => ({
    id: `i${i}`,
    title: `item ${i % 590}`,
    category: [`T${i % 3}`, `M${i % 6}`, `L${i % 12}`],
    brand: `b${i % 7}`,
    price: 5 + ((i * 37) % 400),
    stock: i % 41 === 0 ? 0 : 3,
    vector: Array.from({ length: 16 }, (_, d) => (d === i % 12 ? 1 : 0) + 0.3 * Math.sin(i * (d + 1))),
    ...(i >= 580 ? { addedAt: NOW - (i - 579) * DAY } : {}),
  }));
  const kinds: InteractionKind[] = ['view', 'view', 'view', 'click', 'add_to_cart', 'purchase', 'remove_from_cart'];
  const interactions: Interaction[] = [];
  for (let u = 0; u < 500; u++) {
    const leaf = u % 12;
    const events = 5 + Math.floor(rand() * 40);
    let at = NOW - (10 + rand() * 40) * DAY;
    for (let e = 0; e < events; e++) {
      const own = rand() < 0.75;
      const item = own ? leaf + 12 * Math.floor(rand() * 48) : Math.floor(rand() * 580);
      at += rand() * 2 * DAY;
      if (at >= NOW) break;
      const kind = kinds[Math.floor(rand() * kinds.length)]!;
      interactions.push({ user: `u${u}`, item: `i${item}`, kind, at, session: `s${u}-${Math.floor(e / 6)}` });
    }
  }
  return { items, interactions };
}

/** Known users, strangers with and without a session, page items, every kind of filter. */
export function answersRequests(users: number, items: number): RecommendRequest[] {
  const filters = [{}, { maxPrice: 200 }, { categories: ['T1'] }, { excludeBrands: ['b2'] }, { brands: ['b1', 'b3'] }];
  return Array.from({ length: 300 }, (_, r) => ({
    context: {
      user: r % 10 === 9 ? -1 : (r * 7919) % users,
      now: NOW,
      currentItem: r % 3 === 0 ? (r * 104729) % items : -1,
      ...(r % 20 === 19 ? { recentItems: [(r * 31) % items, (r * 37) % items] } : {}),
    },
    count: 10,
    filters: filters[r % filters.length]!,
  }));
}
