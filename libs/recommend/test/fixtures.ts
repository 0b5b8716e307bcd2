import type { Interaction, InteractionKind, ItemInfo } from '../src/index.js';

export const DAY = 86_400_000;
export const NOW = Date.UTC(2025, 2, 1);

/** n items in two categories (even → A/x, odd → B/y); vectors: their category's axis plus one axis of their own. */
export function catalog(n: number): ItemInfo[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `i${i}`,
    title: `item ${i}`,
    category: i % 2 === 0 ? ['A', 'x'] : ['B', 'y'],
    brand: i % 3 === 0 ? 'acme' : 'other',
    price: 10 + i,
    stock: 5,
    vector: Array.from({ length: n + 2 }, (_, d) => (d === i % 2 ? 1 : d === i + 2 ? 0.5 : 0)),
  }));
}

export function event(user: string, item: number, kind: InteractionKind, daysAgo: number): Interaction {
  return { user, item: `i${item}`, kind, at: NOW - daysAgo * DAY };
}

/** Users u0..u(n-1): even users view even items, odd users odd items (two taste groups). */
export function twoGroups(users: number, items: number, perUser: number, seed = 1): Interaction[] {
  let s = seed;
  const rand = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  const out: Interaction[] = [];
  for (let u = 0; u < users; u++) {
    for (let k = 0; k < perUser; k++) {
      const item = 2 * Math.floor(rand() * (items / 2)) + (u % 2);
      out.push(event(`u${u}`, item, 'view', 1 + rand() * 20));
    }
  }
  return out;
}
