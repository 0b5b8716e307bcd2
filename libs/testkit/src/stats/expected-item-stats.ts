import type { Event } from '@demand/contracts';

/** Exact counts for one item on one UTC day. Searches (and dialog turns about no item) sit under item id ''. */
export interface ItemDayStats {
  itemId: string;
  /** UTC date of occurred_at, YYYY-MM-DD. */
  day: string;
  views: number;
  clicks: number;
  searches: number;
  addToCarts: number;
  removeFromCarts: number;
  /** Purchase events (order lines). */
  purchases: number;
  /** Sum of purchased quantities. */
  units: number;
  /** Σ quantity × unit price, rounded to cents. */
  revenue: number;
  reviews: number;
  /** Sum of review ratings (average = ratingSum / reviews). */
  ratingSum: number;
  dialogTurns: number;
}

type Counter = Exclude<keyof ItemDayStats, 'itemId' | 'day' | 'revenue'>;

function emptyStats(itemId: string, day: string): ItemDayStats {
  return {
    itemId,
    day,
    views: 0,
    clicks: 0,
    searches: 0,
    addToCarts: 0,
    removeFromCarts: 0,
    purchases: 0,
    units: 0,
    revenue: 0,
    reviews: 0,
    ratingSum: 0,
    dialogTurns: 0,
  };
}

export function itemStatsKey(itemId: string, day: string): string {
  return `${itemId}|${day}`;
}

/**
 * Counts per item and day by event kind, from events the platform keeps (see `cleanEvents`).
 * item_upsert events are ignored; an event id seen before is not counted again. Rows are
 * sorted by day, then item id.
 */
export function countExpectedItemStats(events: Iterable<Event>): ItemDayStats[] {
  const rows = new Map<string, ItemDayStats & { cents: number }>();
  const seen = new Set<string>();
  const add = (itemId: string, day: string, counter: Counter, amount = 1): ItemDayStats & { cents: number } => {
    const key = itemStatsKey(itemId, day);
    let row = rows.get(key);
    if (!row) rows.set(key, (row = { ...emptyStats(itemId, day), cents: 0 }));
    row[counter] += amount;
    return row;
  };
  for (const event of events) {
    const payload = event.payload;
    if (!payload || payload.$case === 'itemUpsert' || !event.occurredAt) continue;
    if (seen.has(event.eventId)) continue;
    seen.add(event.eventId);
    const day = event.occurredAt.toISOString().slice(0, 10);
    switch (payload.$case) {
      case 'view':
        add(payload.view.itemId, day, 'views');
        break;
      case 'click':
        add(payload.click.itemId, day, 'clicks');
        break;
      case 'search':
        add('', day, 'searches');
        break;
      case 'addToCart':
        add(payload.addToCart.itemId, day, 'addToCarts');
        break;
      case 'removeFromCart':
        add(payload.removeFromCart.itemId, day, 'removeFromCarts');
        break;
      case 'purchase': {
        const { itemId, quantity, unitPrice } = payload.purchase;
        add(itemId, day, 'purchases');
        add(itemId, day, 'units', quantity).cents += Math.round(quantity * unitPrice * 100);
        break;
      }
      case 'review':
        add(payload.review.itemId, day, 'reviews');
        add(payload.review.itemId, day, 'ratingSum', payload.review.rating);
        break;
      case 'dialogTurn':
        add(payload.dialogTurn.itemId, day, 'dialogTurns');
        break;
    }
  }
  return [...rows.values()]
    .map(({ cents, ...row }) => ({ ...row, revenue: cents / 100 }))
    .sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : 0));
}
