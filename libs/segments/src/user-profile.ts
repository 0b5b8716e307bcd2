import { activityOf, type ActivityPattern } from './activity.js';
import { addTo, concentration, DEFAULT_KIND_WEIGHTS, decayWeight, type KindWeights, toShares } from './decay.js';
import { invalidArgument } from './errors.js';
import { type PriceBand, type PriceIndex, priceBandOf } from './price-band.js';
import { type Rfm, rfmOf } from './rfm.js';
import { tasteVectorOf } from './taste.js';
import type { ItemLookup, UserEvent } from './types.js';

export interface ProfileOptions {
  /** The moment the profile describes; events after it are ignored. */
  asOf: number;
  /** Half-life of preferences and taste, days. Default 30. */
  halfLifeDays?: number;
  kindWeights?: KindWeights;
  /** Which level of the category path preferences are kept at (0 = top). Default 0. */
  categoryLevel?: number;
  utcOffsetMinutes?: number;
  /** A line paid at least this much below list price counts as bought on promotion. Default 0.02. */
  promoDiscount?: number;
}

export interface Engagement {
  views: number;
  clicks: number;
  carts: number;
  purchases: number;
  searches: number;
  reviews: number;
  /** Item views per session. */
  viewsPerSession: number;
  /** Carts per item view. */
  cartRate: number;
  /** Purchased lines per cart line. */
  checkoutRate: number;
  /** Share of sessions that searched. */
  searchShare: number;
  /** Share of cart and purchase lines paid below list price. */
  promoShare: number;
}

/** How the user talks to the shop: customer-service conversations and the language of their texts. */
export interface Voice {
  /** Customer-service conversations (each one session of dialog turns). */
  conversations: number;
  /** Conversations per shopping session. */
  conversationsPerSession: number;
  /** Texts of known language (searches, reviews, dialog turns). */
  texts: number;
  /** Share of those written in English; undefined without any. */
  englishShare: number | undefined;
}

export interface UserProfile {
  userId: string;
  asOf: number;
  rfm: Rfm;
  /** Decayed, kind-weighted shares per category (at `categoryLevel`), largest first; sum to 1. */
  categories: Record<string, number>;
  brands: Record<string, number>;
  /** Herfindahl index of the brand shares. */
  brandConcentration: number;
  /**
   * Herfindahl index of the brand shares within each category, averaged with each category's share of the
   * branded weight: high when the user sticks to one brand per category, whichever categories they shop
   * (unbranded items count nowhere in it).
   */
  brandConcentrationInCategory: number;
  /** Herfindahl index of the category shares (1 = one category only). */
  categoryConcentration: number;
  /** Weighted mean popularity percentile of the items interacted with: high = follows the crowd. */
  mainstream: number | undefined;
  /**
   * Where the user's items sit among their own category's prices: mean percentile (and its band) and
   * mean ln(price / category median), both weighted like the preferences.
   */
  price: { band: PriceBand; percentile: number; logToMedian: number } | undefined;
  activity: ActivityPattern;
  engagement: Engagement;
  voice: Voice;
  sentiment: { reviews: number; meanRating: number | undefined; meanSentiment: number | undefined };
  taste: number[] | undefined;
}

/** One user's profile from their events, the catalog and the catalog's price index. Pure and deterministic. */
export function buildUserProfile(
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
