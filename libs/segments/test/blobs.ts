import { SeededRandom } from '@demand/ml';
import { concentration, type UserProfile } from '../src/index.js';

/** Points around given centres with a small spread, labelled by centre; seeded. */
export function blobs(centres: readonly number[][], perBlob: number, spread: number, seed: number) {
  const random = new SeededRandom(seed);
  const rows: number[][] = [];
  const labels: number[] = [];
  centres.forEach((c, label) => {
    for (let i = 0; i < perBlob; i++) {
      rows.push(c.map((v) => v + spread * random.normal()));
      labels.push(label);
    }
  });
  return { rows, labels };
}

export interface Archetype {
  categories: Record<string, number>;
  brands: Record<string, number>;
  brandConcentrationInCategory: number;
  pricePercentile: number;
  promoShare: number;
  sessionsPerWeek: number;
  frequency: number;
}

/** A profile of one shopper drawn around an archetype (small noise on every feature). */
export function profileLike(userId: string, a: Archetype, random: SeededRandom): UserProfile {
  const jitter = (v: number, s: number) => Math.max(0, v + s * random.normal());
  /** Jittered shares, renormalised and kept largest first like a profile's. */
  const shares = (of: Record<string, number>) => {
    const raw = Object.entries(of).map(([key, w]) => [key, jitter(w, 0.03)] as const);
    const total = raw.reduce((sum, [, w]) => sum + w, 0) || 1;
    return Object.fromEntries(raw.map(([key, w]) => [key, w / total] as const).sort((x, y) => y[1] - x[1]));
  };
  const categories = shares(a.categories);
  const brands = shares(a.brands);
  const percentile = Math.min(1, jitter(a.pricePercentile, 0.03));
  const hours = new Array<number>(24).fill(1 / 24);
  const weekdays = new Array<number>(7).fill(1 / 7);
  return {
    userId,
    asOf: 0,
    rfm: { recencyDays: jitter(10, 2), frequency: Math.round(jitter(a.frequency, 0.5)), monetary: jitter(500, 50) },
    categories,
    brands,
    brandConcentration: concentration(brands),
    brandConcentrationInCategory: Math.min(1, jitter(a.brandConcentrationInCategory, 0.05)),
    categoryConcentration: concentration(categories),
    mainstream: jitter(0.5, 0.02),
    // ln(price / median) follows the archetype's price level with its own noise, not the drawn percentile.
    price: { band: 'mid', percentile, logToMedian: 2 * (a.pricePercentile - 0.5) + 0.06 * random.normal() },
    activity: { hours, weekdays, sessions: 10, sessionsPerWeek: jitter(a.sessionsPerWeek, 0.1), activeDays: 8 },
    engagement: {
      views: 50,
      clicks: 30,
      carts: 5,
      purchases: 3,
      searches: 4,
      reviews: 1,
      viewsPerSession: jitter(5, 0.2),
      cartRate: jitter(0.1, 0.01),
      checkoutRate: jitter(0.5, 0.03),
      searchShare: jitter(0.3, 0.02),
      promoShare: Math.min(1, jitter(a.promoShare, 0.03)),
    },
    voice: { conversations: 0, conversationsPerSession: 0, texts: 4, englishShare: 0 },
    sentiment: { reviews: 1, meanRating: 4, meanSentiment: undefined },
    taste: undefined,
  };
}

/** Three clearly different shoppers: snack bargain hunters, premium gadget buyers, frequent baby-goods buyers. */
export const ARCHETYPES: readonly Archetype[] = [
  {
    categories: { snacks: 0.6, coffee: 0.35, phones: 0.05 },
    brands: { snackco: 0.3, coffeeco: 0.25, houseBrand: 0.25, other: 0.2 },
    brandConcentrationInCategory: 0.35,
    pricePercentile: 0.15,
    promoShare: 0.8,
    sessionsPerWeek: 2,
    frequency: 3,
  },
  {
    categories: { phones: 0.8, snacks: 0.1, baby: 0.1 },
    brands: { phonemaker: 0.7, accessories: 0.2, snackco: 0.1 },
    brandConcentrationInCategory: 0.75,
    pricePercentile: 0.85,
    promoShare: 0.1,
    sessionsPerWeek: 2,
    frequency: 3,
  },
  {
    categories: { baby: 0.85, snacks: 0.1, coffee: 0.05 },
    brands: { babyA: 0.4, babyB: 0.35, snackco: 0.15, coffeeco: 0.1 },
    brandConcentrationInCategory: 0.5,
    pricePercentile: 0.5,
    promoShare: 0.3,
    sessionsPerWeek: 6,
    frequency: 9,
  },
];

export function population(perArchetype: number, seed: number) {
  const random = new SeededRandom(seed);
  const profiles: UserProfile[] = [];
  const labels: number[] = [];
  ARCHETYPES.forEach((a, label) => {
    for (let i = 0; i < perArchetype; i++) {
      profiles.push(profileLike(`u${label}-${i}`, a, random));
      labels.push(label);
    }
  });
  return { profiles, labels };
}
