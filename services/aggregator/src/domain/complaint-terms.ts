/** One review as the complaint scoring sees it. */
export interface TokenisedReview {
  category: string;
  negative: boolean;
  tokens: readonly string[];
}

export interface ComplaintTermScore {
  category: string;
  term: string;
  negativeCount: number;
  otherCount: number;
  logOddsRatio: number;
  z: number;
}

export interface ComplaintOptions {
  /** Pseudo-tokens of the prior (α0): how much the shop-wide term shares pull each category's. */
  priorTokens: number;
  /** Terms kept per category. */
  perCategory: number;
  /** Fewest occurrences in negative reviews for a term to be listed. */
  minNegative: number;
}

const countTokens = (reviews: readonly TokenisedReview[]) => {
  const counts = new Map<string, number>();
  let total = 0;
  for (const r of reviews)
    for (const t of r.tokens) {
      counts.set(t, (counts.get(t) ?? 0) + 1);
      total += 1;
    }
  return { counts, total };
};

/**
 * Per category, the terms its negative reviews over-use against its other reviews: δ = ln((y_n + α)/(n_n + α0 − y_n − α))
 * − ln((y_o + α)/(n_o + α0 − y_o − α)) with α = α0 · the term's share of every review's tokens, and z = δ / √(1/(y_n + α)
 * + 1/(y_o + α)) (Monroe, Colaresi and Quinn 2008). Largest z first; terms with z ≤ 0 or too few negative mentions left out.
 */
export function complaintTerms(reviews: readonly TokenisedReview[], options: ComplaintOptions): ComplaintTermScore[] {
  const background = countTokens(reviews);
  const a0 = options.priorTokens;
  const byCategory = new Map<string, TokenisedReview[]>();
  for (const r of reviews) byCategory.set(r.category, [...(byCategory.get(r.category) ?? []), r]);
  const out: ComplaintTermScore[] = [];
  for (const category of [...byCategory.keys()].sort()) {
    const ofCategory = byCategory.get(category)!;
    const negative = countTokens(ofCategory.filter((r) => r.negative));
    const other = countTokens(ofCategory.filter((r) => !r.negative));
    const scored: ComplaintTermScore[] = [];
    for (const [term, yn] of negative.counts) {
      if (yn < options.minNegative) continue;
      const alpha = (a0 * background.counts.get(term)!) / background.total;
      const yo = other.counts.get(term) ?? 0;
      const logOdds = (y: number, n: number) => Math.log((y + alpha) / (n + a0 - y - alpha));
      const logOddsRatio = logOdds(yn, negative.total) - logOdds(yo, other.total);
      const z = logOddsRatio / Math.sqrt(1 / (yn + alpha) + 1 / (yo + alpha));
      if (z > 0) scored.push({ category, term, negativeCount: yn, otherCount: yo, logOddsRatio, z });
    }
    scored.sort((a, b) => b.z - a.z || a.term.localeCompare(b.term));
    out.push(...scored.slice(0, options.perCategory));
  }
  return out;
}
