import type { FeatureSpec } from './features.js';

/** How far a segment's mean of one feature sits from the population's, in population standard deviations. */
export interface Standout {
  feature: string;
  z: number;
  /** The segment's mean of the feature, on the model's scale (logs of counts, square roots of category shares). */
  value: number;
}

/** One customer segment as the model reports it. */
export interface Segment {
  id: number;
  size: number;
  share: number;
  description: string;
  /** The features that set the segment apart, most extreme first. */
  standouts: Standout[];
}

export interface SegmentDescriptionInput {
  featureNames: readonly string[];
  segmentMean: readonly number[];
  populationMean: readonly number[];
  populationStd: readonly number[];
  size: number;
  population: number;
}

const NOTABLE = 0.5;
/** A category is named only if it is also a real part of the segment's shopping (its share, from √share). */
const MIN_CATEGORY_SHARE = 0.15;

/** Words for a feature standing out high (first) or low (second). */
const PHRASES: Record<string, [string, string]> = {
  recency: ['lapsing (last order long ago)', 'ordered recently'],
  frequency: ['frequent buyers', 'rarely order'],
  monetary: ['high spenders', 'low spend'],
  price_percentile: ['premium buyers', 'price-sensitive'],
  promo_share: ['buy on promotion days', 'seldom buy on promotion'],
  sessions_per_week: ['visit often', 'visit rarely'],
  views_per_session: ['browse deeply', 'short visits'],
  cart_rate: ['quick to add to cart', 'browse without carting'],
  checkout_rate: ['complete checkout', 'abandon carts'],
  search_share: ['search-led', 'browse rather than search'],
  brand_concentration: ['brand-loyal', 'brand-agnostic'],
  category_concentration: ['focused on few categories', 'shop across many categories'],
  mainstream: ['follow best-sellers', 'seek out niche items'],
  mean_rating: ['rate generously', 'critical reviewers'],
  hours_morning: ['morning shoppers', 'rarely in the morning'],
  hours_afternoon: ['afternoon shoppers', 'rarely in the afternoon'],
  hours_evening: ['evening shoppers', 'rarely in the evening'],
  hours_night: ['night owls', 'rarely at night'],
  weekend_share: ['weekend shoppers', 'weekday shoppers'],
};

/** Every feature's z against the population, most extreme first. */
export function standouts(input: SegmentDescriptionInput): Standout[] {
  return input.featureNames
    .map((feature, j) => ({
      feature,
      z: (input.segmentMean[j]! - input.populationMean[j]!) / (input.populationStd[j]! || 1),
      value: input.segmentMean[j]!,
    }))
    .sort((a, b) => Math.abs(b.z) - Math.abs(a.z));
}

/**
 * A plain-words description of a segment from its standout features: its over-represented categories that
 * are also a large part of what it buys first ("buys mostly 美妆 and 服装"), then up to `maxTraits` other traits, then its size.
 */
export function describeSegment(input: SegmentDescriptionInput, maxTraits = 4): string {
  const all = standouts(input);
  const categories = all
    .filter((s) => s.feature.startsWith('category:') && s.z >= NOTABLE && s.value ** 2 >= MIN_CATEGORY_SHARE)
    .slice(0, 3)
    .map((s) => s.feature.slice('category:'.length));
  const traits = all
    .filter((s) => PHRASES[s.feature] && Math.abs(s.z) >= NOTABLE)
    .slice(0, maxTraits)
    .map((s) => PHRASES[s.feature]![s.z > 0 ? 0 : 1]);
  const parts: string[] = [];
  if (categories.length > 0) parts.push(`buys mostly ${joinWords(categories)}`);
  parts.push(...traits);
  const share = input.population > 0 ? (100 * input.size) / input.population : 0;
  const head = parts.length > 0 ? parts.join(', ') : 'close to the average shopper';
  return `${head} (${input.size} users, ${share.toFixed(1)}%)`;
}

function joinWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/** Each cluster's size, share, description and standouts, its mean measured against the population's scale. */
export function describeSegments(
  raw: readonly number[][],
  labels: Int32Array,
  ids: readonly number[],
  features: readonly FeatureSpec[],
  scale: { mean: readonly number[]; std: readonly number[] },
): Segment[] {
  const width = features.length;
  const sums = ids.map(() => new Float64Array(width));
  const sizes = ids.map(() => 0);
  raw.forEach((row, i) => {
    const s = sums[labels[i]!]!;
    for (let j = 0; j < width; j++) s[j] = s[j]! + row[j]!;
    sizes[labels[i]!]! += 1;
  });
  const featureNames = features.map((f) => f.name);
  return ids.map((id, c) => {
    const input = {
      featureNames,
      segmentMean: [...sums[c]!].map((v) => v / Math.max(1, sizes[c]!)),
      populationMean: scale.mean,
      populationStd: scale.std,
      size: sizes[c]!,
      population: raw.length,
    };
    return {
      id,
      size: sizes[c]!,
      share: sizes[c]! / Math.max(1, raw.length),
      description: describeSegment(input),
      standouts: standouts(input).slice(0, 8),
    };
  });
}
