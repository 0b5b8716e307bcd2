import { lowerBound, upperBound } from './sorted-search.js';
import type { ItemInfo } from './types.js';

export type PriceBand = 'budget' | 'mid' | 'premium';

/** Each category's list prices, sorted, to place one price among its category's. */
export interface PriceIndex {
  /** Where `price` sits among the items of `categoryPath` (mid-rank percentile, 0..1); 0.5 when alone. */
  percentile(categoryPath: readonly string[], price: number): number;
  /** ln(price / the category's median list price): how many times dearer (> 0) or cheaper; 0 when unknown. */
  logToMedian(categoryPath: readonly string[], price: number): number;
}

const key = (path: readonly string[]) => path.join('\u0000');

/** One category's sorted list prices. */
interface CategoryPrices {
  sorted: number[];
  median: number;
}

/** Builds the per-category price distributions from the catalog (categories compared at their full path). */
export function buildPriceIndex(items: Iterable<ItemInfo>): PriceIndex {
  const prices = new Map<string, number[]>();
  for (const item of items) {
    const k = key(item.categoryPath);
    const list = prices.get(k);
    if (list) list.push(item.price);
    else prices.set(k, [item.price]);
  }
  const categories = new Map<string, CategoryPrices>();
  for (const [k, sorted] of prices) {
    sorted.sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
    categories.set(k, { sorted, median });
  }
  // Catalog items share their path arrays: each path is joined once, not at every event.
  const keys = new WeakMap<readonly string[], string>();
  const categoryOf = (path: readonly string[]) => {
    let k = keys.get(path);
    if (k === undefined) keys.set(path, (k = key(path)));
    return categories.get(k);
  };
  return {
    percentile(categoryPath, price) {
      const category = categoryOf(categoryPath);
      if (!category) return 0.5;
      const list = category.sorted;
      if (list.length === 1) return 0.5;
      const below = lowerBound(list, price);
      const equal = upperBound(list, price) - below;
      return (below + equal / 2) / list.length;
    },
    logToMedian(categoryPath, price) {
      const category = categoryOf(categoryPath);
      if (!category || !(price > 0)) return 0;
      return category.median > 0 ? Math.log(price / category.median) : 0;
    },
  };
}

/** Budget below the lower third of a category's prices, premium above the upper third. */
export function priceBandOf(percentile: number): PriceBand {
  if (percentile < 1 / 3) return 'budget';
  if (percentile > 2 / 3) return 'premium';
  return 'mid';
}

/** Each item's popularity as a mid-rank percentile (0..1) of its count among all the counted items. */
export function popularityPercentiles(counts: ReadonlyMap<string, number>): Map<string, number> {
  const entries = [...counts.entries()].sort((a, b) => a[1] - b[1]);
  const n = entries.length;
  const out = new Map<string, number>();
  for (let start = 0; start < n; ) {
    let end = start;
    while (end < n && entries[end]![1] === entries[start]![1]) end++;
    const rank = (start + end - 1) / 2;
    for (let i = start; i < end; i++) out.set(entries[i]![0], n === 1 ? 0.5 : rank / (n - 1));
    start = end;
  }
  return out;
}
