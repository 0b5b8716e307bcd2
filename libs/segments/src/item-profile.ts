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
  const { asOf } = options;
  const window = (options.windowDays ?? 7) * DAY_MS;
  const c = { view: 0, click: 0, add_to_cart: 0, purchase: 0, review: 0 };
  let units = 0;
  let recent = 0;
  let previous = 0;
  let ratings = 0;
  let ratingCount = 0;
  let sentiments = 0;
  let sentimentCount = 0;
  const users = new Set<string>();
  for (const e of events) {
    if (e.at > asOf || e.itemId !== itemId) continue;
    if (e.kind === 'review') {
      c.review++;
      if (e.rating !== undefined) (ratings += e.rating), ratingCount++;
      if (e.sentiment !== undefined) (sentiments += e.sentiment), sentimentCount++;
      continue;
    }
    if (e.kind !== 'view' && e.kind !== 'click' && e.kind !== 'add_to_cart' && e.kind !== 'purchase') continue;
    c[e.kind]++;
    if (e.kind === 'purchase') units += e.quantity ?? 1;
    users.add(e.userId);
    const age = asOf - e.at;
    if (age < window) recent++;
    else if (age < 2 * window) previous++;
  }
  const ratio = (a: number, b: number) => (b > 0 ? a / b : 0);
  return {
    itemId,
    views: c.view,
    clicks: c.click,
    carts: c.add_to_cart,
    purchases: c.purchase,
    units,
    users: users.size,
    recent,
    previous,
    trend: Math.log((recent + 1) / (previous + 1)),
    viewToCart: ratio(c.add_to_cart, c.view),
    viewToPurchase: ratio(c.purchase, c.view),
    cartToPurchase: ratio(c.purchase, c.add_to_cart),
    reviews: c.review,
    meanRating: ratingCount > 0 ? ratings / ratingCount : undefined,
    meanSentiment: sentimentCount > 0 ? sentiments / sentimentCount : undefined,
  };
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
