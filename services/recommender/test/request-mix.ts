import type { Dataset, RecommendRequest } from '@demand/recommend';
import type { Variant } from '../src/ports/list-engine.port.js';

/** Known users, strangers with and without a session, page items, filters, counts, both arms' variants. */
export function requestMix(data: Dataset, length: number): { variant: Variant; request: RecommendRequest }[] {
  const filters = [{}, { maxPrice: 300 }, { categories: [data.items[0]!.category[0]!] }, { excludeBrands: ['x'] }];
  return Array.from({ length }, (_, r) => ({
    variant: r % 5 === 4 ? 'fusion' : 'learned',
    request: {
      context: {
        user: r % 7 === 6 ? -1 : (r * 31) % data.userCount,
        now: data.now,
        currentItem: r % 3 === 0 ? (r * 17) % data.itemCount : -1,
        ...(r % 14 === 13 ? { recentItems: [(r * 13) % data.itemCount, (r * 7) % data.itemCount] } : {}),
      },
      count: r % 8 === 5 ? 5 : 10,
      filters: filters[r % filters.length]!,
    },
  }));
}
