import { hourShare } from './activity.js';
import type { UserProfile } from './user-profile.js';

/** Feature groups, each weighted as a whole after standardisation. */
export type FeatureGroup = 'rfm' | 'categories' | 'price' | 'behaviour' | 'voice' | 'activity' | 'taste';

export interface FeatureSpec {
  name: string;
  group: FeatureGroup;
}

/** Recency is capped so users who never bought sit at the far end rather than at infinity. */
const RECENCY_CAP_DAYS = 180;

/**
 * A rate from few observations, pulled towards a typical value as if `weight` observations at `prior`
 * had been seen too: two reviews of two purchases is not yet a user who reviews everything.
 */
function shrunk(hits: number, trials: number, prior: number, weight = 2): number {
  return (hits + prior * weight) / (trials + weight);
}

const FIXED: readonly FeatureSpec[] = [
  { name: 'recency', group: 'rfm' },
  { name: 'frequency', group: 'rfm' },
  { name: 'monetary', group: 'rfm' },
  { name: 'price_percentile', group: 'price' },
  { name: 'price_to_median', group: 'price' },
  { name: 'promo_share', group: 'price' },
  { name: 'sessions_per_week', group: 'behaviour' },
  { name: 'views_per_session', group: 'behaviour' },
  { name: 'cart_rate', group: 'behaviour' },
  { name: 'checkout_rate', group: 'behaviour' },
  { name: 'search_share', group: 'behaviour' },
  { name: 'brand_concentration', group: 'behaviour' },
  { name: 'top_brands_share', group: 'behaviour' },
  { name: 'brand_concentration_in_category', group: 'behaviour' },
  { name: 'category_concentration', group: 'behaviour' },
  { name: 'mainstream', group: 'behaviour' },
  { name: 'mean_rating', group: 'behaviour' },
  { name: 'reviews_per_purchase', group: 'voice' },
  { name: 'conversations_per_session', group: 'voice' },
  { name: 'english_share', group: 'voice' },
  { name: 'hours_morning', group: 'activity' },
  { name: 'hours_afternoon', group: 'activity' },
  { name: 'hours_evening', group: 'activity' },
  { name: 'hours_night', group: 'activity' },
  { name: 'weekend_share', group: 'activity' },
];

/** The named profile features for a list of categories (taste components are appended by the model). */
export function featureSpecs(categories: readonly string[]): FeatureSpec[] {
  return [
    ...FIXED.slice(0, 3),
    ...categories.map((c) => ({ name: `category:${c}`, group: 'categories' as const })),
    ...FIXED.slice(3),
  ];
}

/**
 * A profile as numbers, in `featureSpecs(categories)` order: log scales for counts and money, shares as
 * they are, a neutral 3 stars when the user never reviewed, the middle of the price range when unknown.
 */
export function profileFeatures(profile: UserProfile, categories: readonly string[]): number[] {
  const row = new Array<number>(FIXED.length + categories.length);
  writeProfileFeatures(profile, categories, row);
  return row;
}

/** `profileFeatures` written into `row` from index 0 (a model's buffer, reused from user to user). */
export function writeProfileFeatures(
  profile: UserProfile,
  categories: readonly string[],
  row: { [index: number]: number },
): void {
  const { rfm, engagement: e, activity: a, voice: v } = profile;
  row[0] = Math.log1p(Math.min(rfm.recencyDays, RECENCY_CAP_DAYS));
  row[1] = Math.log1p(rfm.frequency);
  row[2] = Math.log1p(rfm.monetary);
  let j = 3;
  for (const c of categories) row[j++] = Math.sqrt(profile.categories[c] ?? 0);
  row[j++] = profile.price?.percentile ?? 0.5;
  row[j++] = profile.price?.logToMedian ?? 0;
  row[j++] = e.promoShare;
  row[j++] = Math.log1p(a.sessionsPerWeek);
  row[j++] = e.viewsPerSession;
  row[j++] = e.cartRate;
  row[j++] = e.checkoutRate;
  row[j++] = e.searchShare;
  row[j++] = profile.brandConcentration;
  row[j++] = topShare(profile.brands, 2);
  row[j++] = profile.brandConcentrationInCategory;
  row[j++] = profile.categoryConcentration;
  row[j++] = profile.mainstream ?? 0.5;
  row[j++] = profile.sentiment.meanRating ?? 3;
  row[j++] = shrunk(e.reviews, e.purchases, 0.3);
  row[j++] = shrunk(v.conversations, a.sessions, 0.02);
  row[j++] = shrunk((v.englishShare ?? 0) * v.texts, v.texts, 0.08);
  row[j++] = hourShare(a.hours, 6, 12);
  row[j++] = hourShare(a.hours, 12, 18);
  row[j++] = hourShare(a.hours, 18, 24);
  row[j++] = hourShare(a.hours, 0, 6);
  row[j++] = (a.weekdays[5] ?? 0) + (a.weekdays[6] ?? 0);
}

/**
 * The summed share of the `n` largest entries. Sorted here: a map's key order is not its value order
 * once keys look like numbers (brand id "1001"), which JavaScript lists first whatever their share.
 */
export function topShare(shares: Readonly<Record<string, number>>, n: number): number {
  return Object.values(shares)
    .sort((a, b) => b - a)
    .slice(0, n)
    .reduce((sum, s) => sum + s, 0);
}

/** The categories worth a feature: by total share over the population, largest first, at most `max`. */
export function commonCategories(profiles: readonly UserProfile[], max = 16, minShare = 0.01): string[] {
  const total = new Map<string, number>();
  for (const p of profiles) for (const [c, s] of Object.entries(p.categories)) total.set(c, (total.get(c) ?? 0) + s);
  const n = Math.max(1, profiles.length);
  return [...total.entries()]
    .filter(([, s]) => s / n >= minShare)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, max)
    .map(([c]) => c);
}
