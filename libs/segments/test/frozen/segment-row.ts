// The segment model's row and prediction as they were before `predict` stopped allocating per row (commit
// 5436297), kept to test the new code against: the same row to the last bit, the same segment.
import { forwardSubstitute, Standardizer } from '@demand/ml';
import { featureSpecs, hourShare, type SegmentModelJSON, type UserProfile } from '../../src/index.js';

/** Recency is capped so users who never bought sit at the far end rather than at infinity. */
const RECENCY_CAP_DAYS = 180;

/**
 * A rate from few observations, pulled towards a typical value as if `weight` observations at `prior`
 * had been seen too: two reviews of two purchases is not yet a user who reviews everything.
 */
function shrunk(hits: number, trials: number, prior: number, weight = 2): number {
  return (hits + prior * weight) / (trials + weight);
}

/**
 * A profile as numbers, in `featureSpecs(categories)` order: log scales for counts and money, shares as
 * they are, a neutral 3 stars when the user never reviewed, the middle of the price range when unknown.
 */
function profileFeatures(profile: UserProfile, categories: readonly string[]): number[] {
  const { rfm, engagement: e, activity: a, voice: v } = profile;
  return [
    Math.log1p(Math.min(rfm.recencyDays, RECENCY_CAP_DAYS)),
    Math.log1p(rfm.frequency),
    Math.log1p(rfm.monetary),
    ...categories.map((c) => Math.sqrt(profile.categories[c] ?? 0)),
    profile.price?.percentile ?? 0.5,
    profile.price?.logToMedian ?? 0,
    e.promoShare,
    Math.log1p(a.sessionsPerWeek),
    e.viewsPerSession,
    e.cartRate,
    e.checkoutRate,
    e.searchShare,
    profile.brandConcentration,
    topShare(profile.brands, 2),
    profile.brandConcentrationInCategory,
    profile.categoryConcentration,
    profile.mainstream ?? 0.5,
    profile.sentiment.meanRating ?? 3,
    shrunk(e.reviews, e.purchases, 0.3),
    shrunk(v.conversations, a.sessions, 0.02),
    shrunk((v.englishShare ?? 0) * v.texts, v.texts, 0.08),
    hourShare(a.hours, 6, 12),
    hourShare(a.hours, 12, 18),
    hourShare(a.hours, 18, 24),
    hourShare(a.hours, 0, 6),
    (a.weekdays[5] ?? 0) + (a.weekdays[6] ?? 0),
  ];
}

/**
 * The summed share of the `n` largest entries. Sorted here: a map's key order is not its value order
 * once keys look like numbers (brand id "1001"), which JavaScript lists first whatever their share.
 */
function topShare(shares: Readonly<Record<string, number>>, n: number): number {
  return Object.values(shares)
    .sort((a, b) => b - a)
    .slice(0, n)
    .reduce((sum, s) => sum + s, 0);
}

/** The model's encoded row (standardised, weighted), its whitened row and its segment id, computed as before. */
export function frozenSegmentRow(json: SegmentModelJSON, profile: UserProfile) {
  const today = featureSpecs(json.categories).map((f) => f.name);
  const own = json.features.filter((f) => f.group !== 'taste').map((f) => f.name);
  const columns =
    own.length === today.length && own.every((name, i) => name === today[i])
      ? undefined
      : own.map((name) => today.indexOf(name));
  const named = profileFeatures(profile, json.categories);
  const row = columns ? columns.map((c) => (c >= 0 ? named[c]! : 0)) : named;
  if (json.taste) {
    const { mean, components } = json.taste;
    const x = profile.taste?.length === mean.length ? profile.taste : undefined;
    const taste =
      x &&
      Float64Array.from(components, (axis) => {
        let s = 0;
        for (let j = 0; j < axis.length; j++) s += (x[j]! - mean[j]!) * axis[j]!;
        return s;
      });
    for (let c = 0; c < components.length; c++) row.push(taste?.[c] ?? 0);
  }
  const z = Standardizer.fromJSON(json.standardizer).transform(row);
  const encoded = Float64Array.from(z, (v, j) => v * json.weights[j]!);
  const clustered = json.metric ? forwardSubstitute(json.metric, encoded) : encoded;
  let best = 0;
  let bestDistance = Number.POSITIVE_INFINITY;
  json.centroids.forEach((c, i) => {
    let d = 0;
    for (let j = 0; j < clustered.length; j++) {
      const diff = clustered[j]! - c[j]!;
      d += diff * diff;
    }
    if (d < bestDistance) (bestDistance = d), (best = i);
  });
  return { encoded, segment: json.segments[best]!.id };
}
