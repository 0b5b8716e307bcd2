import { type ActivityPattern, ActivityTally } from './activity.js';
import { DEFAULT_KIND_WEIGHTS, decayWeight, type KindWeights } from './decay.js';
import { invalidArgument } from './errors.js';
import { type PriceBand, type PriceIndex, priceBandOf } from './price-band.js';
import { type Rfm, rfmOf } from './rfm.js';
import { concentration, concentrationWithin, KeyedSums, sharesOf } from './shares.js';
import { TasteTally } from './taste.js';
import type { ItemInfo, ItemLookup, UserEvent } from './types.js';

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
  const categories = new KeyedSums();
  const brands = new KeyedSums();
  // Brand sums per category, categories in the order their first branded weight came.
  const brandsIn = new Map<string, KeyedSums>();
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
  const activity = new ActivityTally(options.utcOffsetMinutes);
  const taste = new TasteTally();
  // What each item adds is worked out at its first event, not at each (the catalog lookup is pure).
  const seen = new Map<string, ItemState | null>();
  const itemState = (itemId: string): ItemState | null => {
    const item = items(itemId);
    const state = item ? stateOf(item, level, promoCut, prices) : null;
    seen.set(itemId, state);
    return state;
  };
  let lastAt = Number.NaN;
  let lastDecay = 0;
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
    const { at, kind } = e;
    if (at > asOf) continue;
    count[kind]++;
    if (e.language) (texts += 1), (english += e.language === 'en' ? 1 : 0);
    if (kind === 'dialog_turn') {
      // A service conversation says how the user talks to the shop, not when or what they shop.
      conversations.add(e.sessionId ?? `turn:${at}`);
      continue;
    }
    activity.add(at, e.sessionId);
    if (kind === 'search' && e.sessionId) searchSessions.add(e.sessionId);
    if (kind === 'review' && e.rating !== undefined) (ratingSum += e.rating), ratingCount++;
    if (kind === 'review' && e.sentiment !== undefined) (sentimentSum += e.sentiment), sentimentCount++;
    const itemId = e.itemId;
    if (!itemId) continue;
    const state = seen.get(itemId) ?? (seen.has(itemId) ? null : itemState(itemId));
    if (state === null) continue;
    if ((kind === 'add_to_cart' || kind === 'purchase') && e.unitPrice !== undefined) {
      if (e.unitPrice < state.promoBelow) promoLines++;
    }
    // Lines of one order share their time: one decay for them all.
    if (at !== lastAt) (lastDecay = decayWeight(at, asOf, halfLife)), (lastAt = at);
    const kindWeight = weights[kind] ?? 0;
    const w = kindWeight * lastDecay;
    const { item } = state;
    if (kindWeight > 0 && item.vector) taste.add(item.vector, w);
    if (w <= 0) continue;
    const { category } = state;
    if (category !== undefined) categories.add((state.categorySlot ??= categories.slotOf(category)), w);
    if (item.brand) brands.add((state.brandSlot ??= brands.slotOf(item.brand)), w);
    if (item.brand && category !== undefined) {
      const pair = (state.pair ??= pairIn(brandsIn, category, item.brand));
      pair.group.add(pair.slot, w);
    }
    percentileSum += w * state.percentile;
    logToMedianSum += w * state.logToMedian;
    pricedWeight += w;
    if (item.popularity !== undefined) (popularitySum += w * item.popularity), (popularityWeight += w);
  }
  const pattern = activity.pattern(asOf);
  const brandShares = sharesOf(brands.keys, brands.sums);
  const categoryShares = sharesOf(categories.keys, categories.sums);
  const percentile = pricedWeight > 0 ? percentileSum / pricedWeight : undefined;
  const lines = count.add_to_cart + count.purchase;
  const ratio = (a: number, b: number) => (b > 0 ? a / b : 0);
  const tasteVector = taste.vector();
  return {
    userId,
    asOf,
    rfm: rfmOf(events, asOf),
    categories: categoryShares,
    brands: brandShares,
    brandConcentration: concentration(brandShares),
    brandConcentrationInCategory: concentrationWithin(brandsIn.values()),
    categoryConcentration: concentration(categoryShares),
    mainstream: popularityWeight > 0 ? popularitySum / popularityWeight : undefined,
    price:
      percentile === undefined
        ? undefined
        : { band: priceBandOf(percentile), percentile, logToMedian: logToMedianSum / pricedWeight },
    activity: pattern,
    engagement: {
      views: count.view,
      clicks: count.click,
      carts: count.add_to_cart,
      purchases: count.purchase,
      searches: count.search,
      reviews: count.review,
      viewsPerSession: ratio(count.view, pattern.sessions),
      cartRate: ratio(count.add_to_cart, count.view),
      checkoutRate: ratio(count.purchase, count.add_to_cart),
      searchShare: ratio(searchSessions.size, pattern.sessions),
      promoShare: ratio(promoLines, lines),
    },
    voice: {
      conversations: conversations.size,
      conversationsPerSession: ratio(conversations.size, pattern.sessions),
      texts,
      englishShare: texts > 0 ? english / texts : undefined,
    },
    sentiment: {
      reviews: count.review,
      meanRating: ratingCount > 0 ? ratingSum / ratingCount : undefined,
      meanSentiment: sentimentCount > 0 ? sentimentSum / sentimentCount : undefined,
    },
    taste: tasteVector && listOf(tasteVector),
  };
}

/** What one catalog item adds to a profile; slots are taken at its first weighted event. */
interface ItemState {
  item: ItemInfo;
  category: string | undefined;
  percentile: number;
  logToMedian: number;
  /** A cart or purchase line paid below this was bought on promotion. */
  promoBelow: number;
  categorySlot?: number;
  brandSlot?: number;
  /** The item's brand sum among its category's. */
  pair?: { group: KeyedSums; slot: number };
}

function stateOf(item: ItemInfo, level: number, promoCut: number, prices: PriceIndex): ItemState {
  return {
    item,
    category: item.categoryPath[Math.min(level, item.categoryPath.length - 1)],
    percentile: prices.percentile(item.categoryPath, item.price),
    logToMedian: prices.logToMedian(item.categoryPath, item.price),
    promoBelow: item.price * promoCut,
    categorySlot: undefined,
    brandSlot: undefined,
    pair: undefined,
  };
}

function pairIn(groups: Map<string, KeyedSums>, category: string, brand: string): { group: KeyedSums; slot: number } {
  let group = groups.get(category);
  if (!group) groups.set(category, (group = new KeyedSums()));
  return { group, slot: group.slotOf(brand) };
}

/** A typed array's values as a plain array (`Array.from` walks its iterator). */
function listOf(values: Float32Array): number[] {
  const list = new Array<number>(values.length);
  for (let i = 0; i < values.length; i++) list[i] = values[i]!;
  return list;
}
