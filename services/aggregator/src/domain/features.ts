/**
 * Feature maths over what the aggregate tables return (pure, unit-tested). The tables hold
 * exact-distinct states; these functions turn their merged values into features.
 */

const HOUR_MS = 3_600_000;

/** Sliding windows, aligned to whole hours: a window ends with the hour that holds `asOf`. */
export const WINDOWS = { '1h': 1, '1d': 24, '7d': 7 * 24, '30d': 30 * 24 } as const;
export type WindowName = keyof typeof WINDOWS;
export const WINDOW_NAMES = Object.keys(WINDOWS) as WindowName[];

/** First hour bucket (inclusive) and last hour bucket (inclusive) of a window ending at `asOf`. */
export function windowHours(asOf: Date, window: WindowName): { from: Date; to: Date } {
  const to = Math.floor(asOf.getTime() / HOUR_MS) * HOUR_MS;
  return { from: new Date(to - (WINDOWS[window] - 1) * HOUR_MS), to: new Date(to) };
}

/** One purchase as the money states keep it: (event id, quantity, unit price). */
export type Paid = readonly [eventId: string, quantity: number, unitPrice: number];

export interface PriceStats {
  purchases: number;
  units: number;
  revenue: number;
  minUnitPrice: number;
  maxUnitPrice: number;
  /** Revenue per unit (0 without units). */
  meanUnitPrice: number;
}

export function priceStats(paid: readonly Paid[]): PriceStats {
  let units = 0;
  let revenue = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = 0;
  for (const [, quantity, price] of paid) {
    units += Number(quantity);
    revenue += Number(quantity) * Number(price);
    min = Math.min(min, Number(price));
    max = Math.max(max, Number(price));
  }
  return {
    purchases: paid.length,
    units,
    revenue: round2(revenue),
    minUnitPrice: paid.length === 0 ? 0 : min,
    maxUnitPrice: max,
    meanUnitPrice: units === 0 ? 0 : round2(revenue / units),
  };
}

export interface Funnel {
  views: number;
  carts: number;
  purchases: number;
  /** carts / views, 0 without views. */
  viewToCart: number;
  /** purchases / carts, 0 without carts. */
  cartToPurchase: number;
  /** purchases / views, 0 without views. */
  viewToPurchase: number;
}

/** View → cart → purchase from event counts by kind (clicks count as views of the item). */
export function funnel(counts: Readonly<Record<string, number>>): Funnel {
  const views = (counts.view ?? 0) + (counts.click ?? 0);
  const carts = counts.add_to_cart ?? 0;
  const purchases = counts.purchase ?? 0;
  const rate = (a: number, b: number) => (b === 0 ? 0 : round4(a / b));
  return {
    views,
    carts,
    purchases,
    viewToCart: rate(carts, views),
    cartToPurchase: rate(purchases, carts),
    viewToPurchase: rate(purchases, views),
  };
}

/** Review sentiment from the rating for now: ≥ 4 good, 1–2 bad, 3 (or none) neither. */
export function ratingSentiment(rating: number): 'good' | 'bad' | 'neutral' {
  if (rating >= 4) return 'good';
  if (rating >= 1 && rating <= 2) return 'bad';
  return 'neutral';
}

export interface PurchaseRecord {
  occurredAt: Date;
  eventId: string;
  orderId: string;
  quantity: number;
  unitPrice: number;
  category?: string;
}

export interface Rfm {
  /** Whole days from the last purchase to `asOf`; null without purchases. */
  recencyDays: number | null;
  /** Orders (purchases sharing an order id count once; a purchase without one is its own order). */
  frequency: number;
  /** Money spent. */
  monetary: number;
}

export function rfm(purchases: readonly PurchaseRecord[], asOf: Date): Rfm {
  const seen = new Map<string, PurchaseRecord>();
  for (const p of purchases) seen.set(p.eventId, p);
  const unique = [...seen.values()].filter((p) => p.occurredAt.getTime() <= asOf.getTime());
  if (unique.length === 0) return { recencyDays: null, frequency: 0, monetary: 0 };
  const last = Math.max(...unique.map((p) => p.occurredAt.getTime()));
  const orders = new Set(unique.map((p) => (p.orderId === '' ? `event:${p.eventId}` : `order:${p.orderId}`)));
  return {
    recencyDays: Math.floor((asOf.getTime() - last) / (24 * HOUR_MS)),
    frequency: orders.size,
    monetary: round2(unique.reduce((n, p) => n + p.quantity * p.unitPrice, 0)),
  };
}

export interface RepeatPurchase {
  category: string;
  purchases: number;
  /** Days between consecutive purchase days in the category (same-day purchases are one). */
  intervalsDays: number[];
  meanIntervalDays: number | null;
}

/** Repeat-purchase intervals per category, from a user's purchases (each event once). */
export function repeatPurchaseIntervals(purchases: readonly PurchaseRecord[]): RepeatPurchase[] {
  const seen = new Map<string, PurchaseRecord>();
  for (const p of purchases) seen.set(p.eventId, p);
  const byCategory = new Map<string, PurchaseRecord[]>();
  for (const p of seen.values()) {
    const key = p.category ?? '';
    byCategory.set(key, [...(byCategory.get(key) ?? []), p]);
  }
  return [...byCategory.entries()]
    .map(([category, list]) => {
      const days = [...new Set(list.map((p) => Math.floor(p.occurredAt.getTime() / (24 * HOUR_MS))))].sort(
        (a, b) => a - b,
      );
      const intervalsDays = days.slice(1).map((d, i) => d - days[i]!);
      return {
        category,
        purchases: list.length,
        intervalsDays,
        meanIntervalDays:
          intervalsDays.length === 0 ? null : round2(intervalsDays.reduce((a, b) => a + b, 0) / intervalsDays.length),
      };
    })
    .sort((a, b) => a.category.localeCompare(b.category));
}

/** Last time (ms since the epoch, 0 = never) a user did each thing to one item. */
export interface UserItemState {
  itemId: string;
  lastView: number;
  lastCart: number;
  lastRemove: number;
  lastPurchase: number;
}

/** Viewed (or clicked) and never bought. */
export function browsedNotBought(s: UserItemState): boolean {
  return s.lastView > 0 && s.lastPurchase === 0;
}

/** Added to the cart after the last purchase and the last removal of that item. */
export function abandonedCart(s: UserItemState): boolean {
  return s.lastCart > 0 && s.lastCart > s.lastPurchase && s.lastCart > s.lastRemove;
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

function round4(n: number): number {
  return Math.round(n * 10_000) / 10_000;
}
