import { DAY_MS, type UserEvent } from './types.js';

/** An event about an item, with who did it. */
export interface ItemEvent extends UserEvent {
  userId: string;
}

export interface ItemProfileOptions {
  asOf: number;
  /** Length of the recent window and of the previous one it is compared with, days. Default 7. */
  windowDays?: number;
}

export interface ItemProfile {
  itemId: string;
  views: number;
  clicks: number;
  carts: number;
  purchases: number;
  /** Units bought. */
  units: number;
  /** Distinct users who interacted. */
  users: number;
  /** Interactions (views + clicks + carts + purchases) in the recent window. */
  recent: number;
  previous: number;
  /** log((recent + 1) / (previous + 1)): > 0 rising, < 0 falling. */
  trend: number;
  /** Carts per view, purchased lines per view, purchased lines per cart. */
  viewToCart: number;
  viewToPurchase: number;
  cartToPurchase: number;
  reviews: number;
  meanRating: number | undefined;
  meanSentiment: number | undefined;
}

/** Summary of everything that happened to one item (events of any user, about that item). */
export function buildItemProfile(
  itemId: string,
  events: readonly ItemEvent[],
  options: ItemProfileOptions,
): ItemProfile {
  const tally = new ItemTally(itemId);
  for (const e of events) if (e.at <= options.asOf) tally.add(e);
  return tally.profile(options);
}

/**
 * An item's running totals, so its profile follows new events without reading its history again:
 * `add` each event once (the caller deduplicates), `profile` at any later moment. Interaction times are
 * kept only while they can still fall in the recent or previous trend window.
 */
export class ItemTally {
  private readonly counts = { view: 0, click: 0, add_to_cart: 0, purchase: 0, review: 0 };
  private units = 0;
  private ratings = 0;
  private ratingCount = 0;
  private sentiments = 0;
  private sentimentCount = 0;
  private readonly users = new Set<string>();
  private times: number[] = [];

  constructor(readonly itemId: string) {}

  add(e: ItemEvent): void {
    if (e.itemId !== this.itemId) return;
    if (e.kind === 'review') {
      this.counts.review++;
      if (e.rating !== undefined) (this.ratings += e.rating), this.ratingCount++;
      if (e.sentiment !== undefined) (this.sentiments += e.sentiment), this.sentimentCount++;
      return;
    }
    if (e.kind !== 'view' && e.kind !== 'click' && e.kind !== 'add_to_cart' && e.kind !== 'purchase') return;
    this.counts[e.kind]++;
    if (e.kind === 'purchase') this.units += e.quantity ?? 1;
    this.users.add(e.userId);
    this.times.push(e.at);
  }

  /** The profile as of `asOf` (which must not go back in time between calls: older times are dropped). */
  profile(options: ItemProfileOptions): ItemProfile {
    const { asOf } = options;
    const window = (options.windowDays ?? 7) * DAY_MS;
    this.times = this.times.filter((at) => asOf - at < 2 * window);
    let recent = 0;
    let previous = 0;
    for (const at of this.times) {
      if (at > asOf) continue;
      if (asOf - at < window) recent++;
      else previous++;
    }
    const c = this.counts;
    const ratio = (a: number, b: number) => (b > 0 ? a / b : 0);
    return {
      itemId: this.itemId,
      views: c.view,
      clicks: c.click,
      carts: c.add_to_cart,
      purchases: c.purchase,
      units: this.units,
      users: this.users.size,
      recent,
      previous,
      trend: Math.log((recent + 1) / (previous + 1)),
      viewToCart: ratio(c.add_to_cart, c.view),
      viewToPurchase: ratio(c.purchase, c.view),
      cartToPurchase: ratio(c.purchase, c.add_to_cart),
      reviews: c.review,
      meanRating: this.ratingCount > 0 ? this.ratings / this.ratingCount : undefined,
      meanSentiment: this.sentimentCount > 0 ? this.sentiments / this.sentimentCount : undefined,
    };
  }
}

/** A pair count: how often two items were viewed (or bought) by the same user or session. */
export interface PairCount {
  a: string;
  b: string;
  count: number;
}

export interface Neighbour {
  itemId: string;
  count: number;
  /** count / √(occurrences of the item · occurrences of the neighbour): cosine of the co-occurrence. */
  score: number;
}

/**
 * Each item's top neighbours from symmetric pair counts (co-view or co-buy), scored by cosine so a
 * best-seller does not neighbour everything. `occurrences` counts each item's own sessions or orders.
 */
export function coOccurrenceNeighbours(
  pairs: Iterable<PairCount>,
  occurrences: ReadonlyMap<string, number>,
  top = 10,
): Map<string, Neighbour[]> {
  const out = new Map<string, Neighbour[]>();
  const push = (from: string, to: string, count: number) => {
    const score = count / Math.sqrt(Math.max(1, occurrences.get(from) ?? 0) * Math.max(1, occurrences.get(to) ?? 0));
    const list = out.get(from);
    if (list) list.push({ itemId: to, count, score });
    else out.set(from, [{ itemId: to, count, score }]);
  };
  for (const { a, b, count } of pairs) {
    if (a === b || count <= 0) continue;
    push(a, b, count);
    push(b, a, count);
  }
  for (const [id, list] of out) {
    list.sort((x, y) => y.score - x.score || y.count - x.count || (x.itemId < y.itemId ? -1 : 1));
    out.set(id, list.slice(0, top));
  }
  return out;
}
