import type { Dataset } from './dataset.js';
import type { ItemInfo } from './types.js';

/** What the caller may restrict a list to. */
export interface Filters {
  /** Category paths ("Food" or "Food/Snacks"); an item must lie under one of them. */
  categories?: readonly string[];
  brands?: readonly string[];
  excludeBrands?: readonly string[];
  minPrice?: number;
  maxPrice?: number;
}

export interface DiversityOptions {
  /** Most items of one leaf category in a list. Default 4. */
  maxPerLeaf?: number;
  /** MMR trade-off: 1 = relevance only, lower = more diverse. Default 0.9. */
  mmrLambda?: number;
  /** Content cosine at or above which two items count as near-duplicates. Default 0.985. */
  duplicateCosine?: number;
}

/** Checks filters before any work; returns the name of the first bad field, or undefined. */
export function invalidFilterField(filters: Filters): string | undefined {
  const { minPrice, maxPrice } = filters;
  if (minPrice !== undefined && !(minPrice >= 0)) return 'filters.min_price';
  if (maxPrice !== undefined && !(maxPrice >= 0)) return 'filters.max_price';
  if (minPrice !== undefined && maxPrice !== undefined && maxPrice > 0 && minPrice > maxPrice)
    return 'filters.max_price';
  if (filters.categories?.some((c) => c.trim() === '')) return 'filters.categories';
  return undefined;
}

/** What filters read of a catalog, item by item in typed arrays (a `Dataset` has it all). */
export interface FilterableCatalog {
  readonly items: readonly ItemInfo[];
  readonly prices: Float64Array;
  readonly stocks: Float64Array;
  /** Interned leaf category path ("Food/Snacks/Nuts") of each item. */
  readonly leaf: Int32Array;
  readonly leafNames: readonly string[];
}

/** A catalog for filters where no dataset is built (the cold list). */
export function filterableCatalog(items: readonly ItemInfo[]): FilterableCatalog {
  const leafNames: string[] = [];
  const at = new Map<string, number>();
  const leaf = Int32Array.from(items, (item) => {
    const path = item.category.join('/');
    if (!at.has(path)) at.set(path, leafNames.push(path) - 1);
    return at.get(path)!;
  });
  const prices = Float64Array.from(items, (i) => i.price);
  return { items, prices, stocks: Float64Array.from(items, (i) => i.stock), leaf, leafNames };
}

/** Does the item pass stock and the caller's filters? */
export function passesFilters(data: FilterableCatalog, item: number, filters: Filters): boolean {
  if (data.stocks[item]! <= 0) return false;
  const price = data.prices[item]!;
  if (filters.minPrice !== undefined && price < filters.minPrice) return false;
  if (filters.maxPrice !== undefined && filters.maxPrice > 0 && price > filters.maxPrice) return false;
  if (filters.brands?.length && !filters.brands.includes(data.items[item]!.brand)) return false;
  if (filters.excludeBrands?.includes(data.items[item]!.brand)) return false;
  if (filters.categories?.length && leavesUnder(data, filters.categories)[data.leaf[item]!] !== 1) return false;
  return true;
}

/** Leaf categories under any of the paths (1 = under), per dataset and path list; a few hundred lists kept. */
const leafMasks = new WeakMap<FilterableCatalog, Map<string, Uint8Array>>();

function leavesUnder(data: FilterableCatalog, categories: readonly string[]): Uint8Array {
  let masks = leafMasks.get(data);
  if (!masks) leafMasks.set(data, (masks = new Map()));
  const key = categories.join('\n');
  let mask = masks.get(key);
  if (!mask) {
    mask = Uint8Array.from(data.leafNames, (path) =>
      categories.some((c) => path === c || path.startsWith(`${c}/`)) ? 1 : 0,
    );
    if (masks.size >= 256) masks.clear();
    masks.set(key, mask);
  }
  return mask;
}

/** How many of the ranked items, best first, a list of `count` is built from. */
export function diversityWindow(count: number): number {
  return Math.max(count * 5, 50);
}

/** A ranking best first as columns: the item and score of each of its first `length` positions. */
export interface RankedColumns {
  readonly items: ArrayLike<number>;
  readonly scores: ArrayLike<number>;
  readonly length: number;
}

/** `diversify`'s per-position arrays, kept between calls (it runs to the end once started) and grown when short. */
let maxSimScratch = new Float64Array(64);
let comparedScratch = new Int32Array(64);
let takenScratch = new Uint8Array(64);

/**
 * Greedy list building: maximal marginal relevance on content similarity, a cap per leaf
 * category, and no near-duplicates (same title or content cosine above the threshold).
 * `ranked` is best first with scores; returns positions into it.
 */
export function diversify(
  data: Dataset,
  ranked: RankedColumns,
  count: number,
  options: DiversityOptions = {},
): number[] {
  const cap = options.maxPerLeaf ?? 4;
  const lambda = options.mmrLambda ?? 0.9;
  const dupe = options.duplicateCosine ?? 0.985;
  const { items, scores } = ranked;
  const size = Math.min(ranked.length, diversityWindow(count));
  if (size === 0) return [];
  const top = scores[0]!;
  const bottom = scores[size - 1]!;
  const spread = top - bottom || 1;
  const chosen: number[] = [];
  const titleOf = data.titleIds;
  // Each open position's highest cosine to the chosen items, brought up to date only when it could
  // win (`compared` counts the chosen items it has seen): a stale maximum only overstates the MMR
  // value, so a position whose overstated value cannot beat the best is skipped, and once the
  // relevance alone cannot (the ranking is best first) none after it can. The same picks as
  // comparing every open position with every chosen item.
  if (maxSimScratch.length < size) {
    maxSimScratch = new Float64Array(size);
    comparedScratch = new Int32Array(size);
    takenScratch = new Uint8Array(size);
  }
  const maxSim = maxSimScratch.fill(0, 0, size);
  const compared = comparedScratch.fill(0, 0, size);
  const chosenItems: number[] = [];
  const bounded = lambda >= 0 && lambda <= 1;
  // Positions still open, in order: a flag per position and a count (a set's iteration allocated).
  const taken = takenScratch.fill(0, 0, size);
  let open = size;
  while (chosen.length < count && open > 0) {
    let best = -1;
    let bestValue = Number.NEGATIVE_INFINITY;
    for (let p = 0; p < size; p++) {
      if (taken[p]) continue;
      const relevance = lambda * ((scores[p]! - bottom) / spread);
      if (bounded && relevance <= bestValue) break;
      if (bounded && relevance - (1 - lambda) * maxSim[p]! <= bestValue) continue;
      if (data.dims > 0)
        for (let c = compared[p]!; c < chosenItems.length; c++)
          maxSim[p] = Math.max(maxSim[p]!, data.cosine(chosenItems[c]!, items[p]!));
      compared[p] = chosenItems.length;
      const value = relevance - (1 - lambda) * maxSim[p]!;
      if (value > bestValue) {
        best = p;
        bestValue = value;
      }
    }
    if (best < 0) break; // only non-finite scores left
    taken[best] = 1;
    open--;
    const item = items[best]!;
    if (maxSim[best]! >= dupe || !fitsBeside(data, titleOf, chosenItems, item, cap)) continue;
    chosen.push(best);
    chosenItems.push(item);
  }
  return chosen;
}

/** Whether `item` may join the chosen items: under `cap` of its leaf category among them, and no title of theirs. */
function fitsBeside(data: Dataset, titleOf: Int32Array, chosen: readonly number[], item: number, cap: number): boolean {
  const leaf = data.leaf[item]!;
  const title = titleOf[item]!;
  let sameLeaf = 0;
  for (const other of chosen) {
    if (titleOf[other] === title) return false;
    if (data.leaf[other] === leaf) sameLeaf++;
  }
  return sameLeaf < cap;
}
