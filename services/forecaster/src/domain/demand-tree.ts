import type { DailyDemand, ItemDemand } from '../ports/demand-series.port.js';
import type { DemandLevelName } from './forecaster.js';
import { nodeStockOutShare } from './stock-outs.js';

/** Items in order, each's category index; categories in order. */
export interface DemandTree {
  items: string[];
  categories: string[];
  categoryOf: number[];
}

/** One series of the tree: its daily figures (a category's and the shop's are its items' summed). */
export interface DemandNode {
  level: DemandLevelName;
  id: string;
  demand: Omit<DailyDemand, 'days'>;
}

/** Figures of a node with no events over `days` days: zeros throughout. */
export function emptyDemand(days: number): Omit<DailyDemand, 'days'> {
  const zeros = () => new Array<number>(days).fill(0);
  return {
    units: zeros(),
    views: zeros(),
    goodReviews: zeros(),
    badReviews: zeros(),
    carts: zeros(),
    revenue: zeros(),
    outOfStock: zeros(),
  };
}

export function emptyItem(itemId: string, category: string, days: number): ItemDemand {
  return { itemId, category, ...emptyDemand(days) };
}

/** Counts summed over the items; the stock-out share averaged over them. */
function combined(rows: readonly ItemDemand[], days: number): Omit<DailyDemand, 'days'> {
  const total = (pick: (r: ItemDemand) => number[]) => sum(rows.map(pick), days);
  return {
    units: total((r) => r.units),
    views: total((r) => r.views),
    goodReviews: total((r) => r.goodReviews),
    badReviews: total((r) => r.badReviews),
    carts: total((r) => r.carts),
    revenue: total((r) => r.revenue),
    outOfStock: nodeStockOutShare(
      rows.map((r) => r.outOfStock),
      rows.length,
      days,
    ),
  };
}

/** Items in order, then their categories (sums of their items), then the shop (sum of all). */
export function buildTree(items: readonly ItemDemand[]): { tree: DemandTree; nodes: DemandNode[] } {
  const categories = [...new Set(items.map((item) => item.category))].sort();
  const categoryIndex = new Map(categories.map((c, i) => [c, i]));
  const categoryOf = items.map((item) => categoryIndex.get(item.category)!);
  const days = items[0]?.units.length ?? 0;
  const nodes: DemandNode[] = items.map((item) => ({ level: 'item', id: item.itemId, demand: combined([item], days) }));
  for (const [c, category] of categories.entries()) {
    const members = items.filter((_, i) => categoryOf[i] === c);
    nodes.push({ level: 'category', id: category, demand: combined(members, days) });
  }
  nodes.push({ level: 'shop', id: '', demand: combined(items, days) });
  return { tree: { items: items.map((item) => item.itemId), categories, categoryOf }, nodes };
}

function sum(rows: readonly (readonly number[])[], days: number): number[] {
  const out = new Array<number>(days).fill(0);
  for (const row of rows) for (let d = 0; d < days; d++) out[d]! += row[d]!;
  return out;
}
