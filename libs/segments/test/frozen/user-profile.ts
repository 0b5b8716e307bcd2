// `buildUserProfile` as it was before its per-event work was cut (commit 5436297, with the activity and taste
// it called, and `toShares`/`concentration` as decay.ts had them at 2731f5a), kept to test the new code
// against: a profile must come out the same to the last bit.
import { l2Normalize } from '@demand/ml';
import { invalidArgument } from '../../src/errors.js';
import {
  type ActivityPattern,
  DAY_MS,
  DEFAULT_KIND_WEIGHTS,
  decayWeight,
  type ItemLookup,
  type KindWeights,
  type PriceIndex,
  type ProfileOptions,
  priceBandOf,
  rfmOf,
  type UserEvent,
  type UserProfile,
} from '../../src/index.js';

/** One user's profile from their events, the catalog and the catalog's price index. Pure and deterministic. */
export function frozenUserProfile(
  userId: string,
  events: readonly UserEvent[],
  items: ItemLookup,
  prices: PriceIndex,
  options: ProfileOptions,
): UserProfile {
  const { asOf } = options;
  if (!Number.isFinite(asOf)) throw invalidArgument('asOf must be a finite time');
  const halfLife = options.halfLifeDays ?? 30;
  const weights = options.kindWeights ?? DEFAULT_KIND_WEIGHTS;
  const level = options.categoryLevel ?? 0;
  const promoCut = 1 - (options.promoDiscount ?? 0.02);
  const categories = new Map<string, number>();
  const brands = new Map<string, number>();
  const brandsInCategory = new Map<string, Map<string, number>>();
  const count = {
    view: 0,
    click: 0,
    add_to_cart: 0,
    remove_from_cart: 0,
    purchase: 0,
    review: 0,
    search: 0,
    dialog_turn: 0,
  };
  const searchSessions = new Set<string>();
  const conversations = new Set<string>();
  const shopping: UserEvent[] = [];
  let texts = 0;
  let english = 0;
  let pricedWeight = 0;
  let percentileSum = 0;
  let logToMedianSum = 0;
  let promoLines = 0;
  let popularitySum = 0;
  let popularityWeight = 0;
  let ratingSum = 0;
  let ratingCount = 0;
  let sentimentSum = 0;
  let sentimentCount = 0;
  for (const e of events) {
    if (e.at > asOf) continue;
    count[e.kind]++;
    if (e.language) (texts += 1), (english += e.language === 'en' ? 1 : 0);
    if (e.kind === 'dialog_turn') {
      // A service conversation says how the user talks to the shop, not when or what they shop.
      conversations.add(e.sessionId ?? `turn:${e.at}`);
      continue;
    }
    shopping.push(e);
    if (e.kind === 'search' && e.sessionId) searchSessions.add(e.sessionId);
    if (e.kind === 'review' && e.rating !== undefined) (ratingSum += e.rating), ratingCount++;
    if (e.kind === 'review' && e.sentiment !== undefined) (sentimentSum += e.sentiment), sentimentCount++;
    const item = e.itemId ? items(e.itemId) : undefined;
    if (!item) continue;
    if ((e.kind === 'add_to_cart' || e.kind === 'purchase') && e.unitPrice !== undefined) {
      if (e.unitPrice < item.price * promoCut) promoLines++;
    }
    const w = (weights[e.kind] ?? 0) * decayWeight(e.at, asOf, halfLife);
    if (w <= 0) continue;
    const category = item.categoryPath[Math.min(level, item.categoryPath.length - 1)];
    if (category !== undefined) addTo(categories, category, w);
    if (item.brand) addTo(brands, item.brand, w);
    if (item.brand && category !== undefined) addTo(tallyOf(brandsInCategory, category), item.brand, w);
    percentileSum += w * prices.percentile(item.categoryPath, item.price);
    logToMedianSum += w * prices.logToMedian(item.categoryPath, item.price);
    pricedWeight += w;
    if (item.popularity !== undefined) (popularitySum += w * item.popularity), (popularityWeight += w);
  }
  const activity = activityOf(shopping, asOf, options.utcOffsetMinutes);
  const brandShares = toShares(brands);
  const categoryShares = toShares(categories);
  const percentile = pricedWeight > 0 ? percentileSum / pricedWeight : undefined;
  const lines = count.add_to_cart + count.purchase;
  const ratio = (a: number, b: number) => (b > 0 ? a / b : 0);
  const taste = tasteVectorOf(shopping, items, asOf, halfLife, weights);
  return {
    userId,
    asOf,
    rfm: rfmOf(shopping, asOf),
    categories: categoryShares,
    brands: brandShares,
    brandConcentration: concentration(brandShares),
    brandConcentrationInCategory: concentrationWithin(brandsInCategory),
    categoryConcentration: concentration(categoryShares),
    mainstream: popularityWeight > 0 ? popularitySum / popularityWeight : undefined,
    price:
      percentile === undefined
        ? undefined
        : { band: priceBandOf(percentile), percentile, logToMedian: logToMedianSum / pricedWeight },
    activity,
    engagement: {
      views: count.view,
      clicks: count.click,
      carts: count.add_to_cart,
      purchases: count.purchase,
      searches: count.search,
      reviews: count.review,
      viewsPerSession: ratio(count.view, activity.sessions),
      cartRate: ratio(count.add_to_cart, count.view),
      checkoutRate: ratio(count.purchase, count.add_to_cart),
      searchShare: ratio(searchSessions.size, activity.sessions),
      promoShare: ratio(promoLines, lines),
    },
    voice: {
      conversations: conversations.size,
      conversationsPerSession: ratio(conversations.size, activity.sessions),
      texts,
      englishShare: texts > 0 ? english / texts : undefined,
    },
    sentiment: {
      reviews: count.review,
      meanRating: ratingCount > 0 ? ratingSum / ratingCount : undefined,
      meanSentiment: sentimentCount > 0 ? sentimentSum / sentimentCount : undefined,
    },
    taste: taste ? Array.from(taste) : undefined,
  };
}

function tallyOf(tallies: Map<string, Map<string, number>>, key: string): Map<string, number> {
  let tally = tallies.get(key);
  if (!tally) tallies.set(key, (tally = new Map()));
  return tally;
}

/**
 * Σ over groups of (the group's share of all the tallied weight × Herfindahl index of the shares within the
 * group). Only tallied weight counts: a user who buys one brand per category scores 1 whatever unbranded
 * items they also buy; 0 when nothing was tallied.
 */
function concentrationWithin(tallies: ReadonlyMap<string, ReadonlyMap<string, number>>): number {
  let weighted = 0;
  let all = 0;
  for (const tally of tallies.values()) {
    let total = 0;
    for (const w of tally.values()) total += w;
    weighted += total * concentration(toShares(tally));
    all += total;
  }
  return all > 0 ? weighted / all : 0;
}

const HOUR_MS = 3_600_000;

/** Hour-of-day and weekday histograms and session rate; `utcOffsetMinutes` places the shop's clock. */
function activityOf(events: readonly UserEvent[], asOf: number, utcOffsetMinutes = 0): ActivityPattern {
  const hours = new Array<number>(24).fill(0);
  const weekdays = new Array<number>(7).fill(0);
  const sessions = new Set<string>();
  const days = new Set<number>();
  let first = Number.POSITIVE_INFINITY;
  let counted = 0;
  for (const e of events) {
    if (e.at > asOf) continue;
    const local = e.at + utcOffsetMinutes * 60_000;
    const day = Math.floor(local / DAY_MS);
    hours[Math.floor((local - day * DAY_MS) / HOUR_MS)]! += 1;
    // 1970-01-01 was a Thursday (index 3 when Monday is 0).
    weekdays[(((day + 3) % 7) + 7) % 7]! += 1;
    days.add(day);
    if (e.sessionId) sessions.add(e.sessionId);
    first = Math.min(first, e.at);
    counted++;
  }
  const share = (list: number[]) => list.map((c) => (counted > 0 ? c / counted : 0));
  const spanWeeks = Number.isFinite(first) ? Math.max(1, (asOf - first) / (7 * DAY_MS)) : 1;
  return {
    hours: share(hours),
    weekdays: share(weekdays),
    sessions: sessions.size,
    sessionsPerWeek: sessions.size / spanWeeks,
    activeDays: days.size,
  };
}

/**
 * The user's taste: the decayed, kind-weighted mean of the vectors of the items they interacted with,
 * unit-normalised. Undefined when no interacted item has a vector.
 */
function tasteVectorOf(
  events: readonly UserEvent[],
  items: ItemLookup,
  asOf: number,
  halfLifeDays: number,
  kindWeights: KindWeights = DEFAULT_KIND_WEIGHTS,
): Float32Array | undefined {
  let sum: Float64Array | undefined;
  for (const e of events) {
    if (e.at > asOf || !e.itemId) continue;
    const kindWeight = kindWeights[e.kind] ?? 0;
    if (kindWeight <= 0) continue;
    const vector = items(e.itemId)?.vector;
    if (!vector) continue;
    sum ??= new Float64Array(vector.length);
    if (vector.length !== sum.length) continue;
    const w = kindWeight * decayWeight(e.at, asOf, halfLifeDays);
    for (let d = 0; d < sum.length; d++) sum[d] = sum[d]! + w * vector[d]!;
  }
  if (!sum || sum.every((x) => x === 0)) return undefined;
  return l2Normalize(sum);
}

/** Shares of a weighted tally (they sum to 1), largest first; empty when nothing was counted. */
function toShares(tally: ReadonlyMap<string, number>): Record<string, number> {
  let total = 0;
  for (const w of tally.values()) total += w;
  if (total <= 0) return {};
  const entries = [...tally.entries()].filter(([, w]) => w > 0).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return Object.fromEntries(entries.map(([key, w]) => [key, w / total]));
}

/** Herfindahl index of shares: 1 = everything on one key, 1/n = spread evenly over n. */
function concentration(shares: Readonly<Record<string, number>>): number {
  let sum = 0;
  for (const s of Object.values(shares)) sum += s * s;
  return sum;
}

/** Adds `weight` to `key`. */
function addTo(tally: Map<string, number>, key: string, weight: number): void {
  tally.set(key, (tally.get(key) ?? 0) + weight);
}
