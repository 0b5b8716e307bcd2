import type { SimItem } from '../catalog/catalog-types.js';
import type { Random } from '../random/random.js';
import { dot } from '../random/vectors.js';
import type { SimUser } from '../users/build-users.js';
import type { DayPlan } from './calendar.js';

/** How strongly taste outweighs popularity in a user's choice. */
const TASTE_WEIGHT = 3;
const CANDIDATES_PER_USER = 60;

interface Candidates {
  items: Int32Array;
  weights: Float64Array;
}

/**
 * Picks the items a user looks at: mostly from their own shortlist (taste · item, popularity,
 * price, favourite brands), sometimes from today's promotions, sometimes by popularity alone.
 */
export class ItemChooser {
  private readonly shortlists = new Map<number, Candidates>();
  private readonly popularityPrefix: Float64Array;
  /** Item latents laid out flat, item after item, for the shortlist scan. */
  private readonly latents: Float64Array;
  private readonly baseScores: Float64Array;
  private readonly relativePrices: Float64Array;
  private readonly brandIndex: Int32Array;
  private readonly brandNames: string[] = [];
  private readonly scratch = new Float64Array(CANDIDATES_PER_USER);

  constructor(private readonly items: readonly SimItem[]) {
    const n = items.length;
    const dims = items[0]?.latent.length ?? 0;
    this.popularityPrefix = new Float64Array(n);
    this.latents = new Float64Array(n * dims);
    this.baseScores = new Float64Array(n);
    this.relativePrices = new Float64Array(n);
    this.brandIndex = new Int32Array(n);
    let sum = 0;
    items.forEach((item, i) => {
      sum += item.truth.popularity;
      this.popularityPrefix[i] = sum;
      this.latents.set(item.latent, i * dims);
      this.baseScores[i] = Math.log(item.truth.popularity);
      this.relativePrices[i] = item.relativePrice;
      let brand = this.brandNames.indexOf(item.item.brand);
      if (brand < 0) brand = this.brandNames.push(item.item.brand) - 1;
      this.brandIndex[i] = brand;
    });
  }

  /** Static preference of a user for an item (log scale). */
  score(user: SimUser, item: SimItem): number {
    const brand = user.favouriteBrands.has(item.item.brand) ? user.persona.brandLoyalty : 0;
    return (
      TASTE_WEIGHT * dot(user.latent, item.latent) +
      this.baseScores[item.index]! -
      user.truth.priceSensitivity * item.relativePrice +
      brand
    );
  }

  /** taste · item, the hidden fit that drives carting and review sentiment. */
  fit(user: SimUser, item: SimItem): number {
    return dot(user.latent, item.latent);
  }

  pick(user: SimUser, plan: DayPlan, random: Random): SimItem {
    if (random.chance(user.persona.exploration)) return this.byPopularity(random);
    if (plan.promotedItems.length > 0 && random.chance(0.08 * user.persona.promoAffinity)) {
      return this.fromPromotions(user, plan, random);
    }
    const { items, weights } = this.shortlist(user);
    const today = this.scratch.subarray(0, items.length);
    const affinity = user.persona.promoAffinity;
    let total = 0;
    for (let k = 0; k < items.length; k++) {
      const boost = plan.itemBoost[items[k]!]!;
      today[k] = weights[k]! * (boost > 1 ? boost ** affinity : boost);
      total += today[k]!;
    }
    return this.items[items[random.weightedIndex(today, total)]!]!;
  }

  byPopularity(random: Random): SimItem {
    const prefix = this.popularityPrefix;
    const target = random.float() * prefix[prefix.length - 1]!;
    let lo = 0;
    let hi = prefix.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (prefix[mid]! > target) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo]!;
  }

  /** Ranks a set of items by the user's preference, best first. */
  rankFor(user: SimUser, candidates: readonly SimItem[]): SimItem[] {
    return candidates
      .map((item) => ({ item, score: this.score(user, item) }))
      .sort((a, b) => b.score - a.score)
      .map((c) => c.item);
  }

  private fromPromotions(user: SimUser, plan: DayPlan, random: Random): SimItem {
    const promoted = plan.promotedItems;
    const scores = promoted.map((i) => this.score(user, this.items[i]!));
    const top = Math.max(...scores);
    return this.items[promoted[random.weightedIndex(scores.map((s) => Math.exp(s - top)))]!]!;
  }

  /** The user's best items by static score, kept in a small sorted list during one scan. */
  private shortlist(user: SimUser): Candidates {
    const cached = this.shortlists.get(user.index);
    if (cached) return cached;
    const n = this.items.length;
    const dims = user.latent.length;
    const taste = user.latent;
    const sensitivity = user.truth.priceSensitivity;
    const size = Math.min(CANDIDATES_PER_USER, n);
    const items = new Int32Array(size);
    const scores = new Float64Array(size).fill(Number.NEGATIVE_INFINITY);
    const brandBonus = Float64Array.from(this.brandNames, (b) =>
      user.favouriteBrands.has(b) ? user.persona.brandLoyalty : 0,
    );
    for (let i = 0; i < n; i++) {
      let affinity = 0;
      for (let d = 0, at = i * dims; d < dims; d++, at++) affinity += taste[d]! * this.latents[at]!;
      const score =
        TASTE_WEIGHT * affinity +
        this.baseScores[i]! -
        sensitivity * this.relativePrices[i]! +
        brandBonus[this.brandIndex[i]!]!;
      if (score <= scores[size - 1]!) continue;
      let k = size - 1;
      for (; k > 0 && scores[k - 1]! < score; k--) {
        scores[k] = scores[k - 1]!;
        items[k] = items[k - 1]!;
      }
      scores[k] = score;
      items[k] = i;
    }
    const weights = Float64Array.from(scores, (s) => Math.exp(s - scores[0]!));
    const found = { items, weights };
    this.shortlists.set(user.index, found);
    return found;
  }
}
