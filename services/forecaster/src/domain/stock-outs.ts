/** A catalog stock level as set at a time (epoch ms). */
export interface StockChange {
  at: number;
  stock: number;
}

const DAY_MS = 86_400_000;

/**
 * The share of each UTC day an item's stock stood at 0 or below, from its stock changes (any
 * order). Before its first known level an item counts as in stock.
 */
export function stockOutShare(changes: readonly StockChange[], days: readonly string[]): number[] {
  const sorted = [...changes].sort((a, b) => a.at - b.at);
  let next = 0;
  let out = false;
  return days.map((day) => {
    const start = Date.parse(`${day}T00:00:00Z`);
    const end = start + DAY_MS;
    while (next < sorted.length && sorted[next]!.at <= start) out = sorted[next++]!.stock <= 0;
    let outMs = 0;
    let from = start;
    while (next < sorted.length && sorted[next]!.at < end) {
      if (out) outMs += sorted[next]!.at - from;
      from = sorted[next]!.at;
      out = sorted[next++]!.stock <= 0;
    }
    if (out) outMs += end - from;
    return outMs / DAY_MS;
  });
}

/** Per day, the mean share out of stock over `items` items (those without changes in stock throughout). */
export function nodeStockOutShare(perItem: readonly (readonly number[])[], items: number, days: number): number[] {
  const out = new Array<number>(days).fill(0);
  if (items <= 0) return out;
  for (const row of perItem) for (let d = 0; d < days; d++) out[d]! += row[d]! / items;
  return out;
}
