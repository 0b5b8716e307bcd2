import type { EventCounts, ItemStats } from '@demand/contracts';

/** Aggregated counts of one kind of event for one item on one day, as the store returns them. */
export interface DailyKindCount {
  day: string;
  kind: string;
  events: number;
  units: number;
  revenue: number;
}

const countField: Record<string, keyof EventCounts> = {
  view: 'views',
  click: 'clicks',
  search: 'searches',
  add_to_cart: 'addToCarts',
  remove_from_cart: 'removeFromCarts',
  purchase: 'purchases',
  review: 'reviews',
  dialog_turn: 'dialogTurns',
};

export function emptyCounts(): EventCounts {
  return {
    views: 0,
    clicks: 0,
    searches: 0,
    addToCarts: 0,
    removeFromCarts: 0,
    purchases: 0,
    reviews: 0,
    dialogTurns: 0,
    unitsSold: 0,
    revenue: 0,
  };
}

function addTo(counts: EventCounts, row: DailyKindCount): void {
  const field = countField[row.kind];
  if (field) counts[field] += row.events;
  counts.unitsSold += row.units;
  counts.revenue += row.revenue;
}

/** Folds per-day, per-kind counts into the answer of GetItemStats, days in order. */
export function buildItemStats(itemId: string, rows: readonly DailyKindCount[]): ItemStats {
  const totals = emptyCounts();
  const byDay = new Map<string, EventCounts>();
  for (const row of rows) {
    let day = byDay.get(row.day);
    if (!day) byDay.set(row.day, (day = emptyCounts()));
    addTo(day, row);
    addTo(totals, row);
  }
  totals.revenue = Math.round(totals.revenue * 100) / 100;
  const days = [...byDay.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([day, counts]) => ({ day, counts: { ...counts, revenue: Math.round(counts.revenue * 100) / 100 } }));
  return { itemId, totals, days };
}
