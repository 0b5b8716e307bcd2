/** How one count moved between a prior period and the recent window right after it. */
export interface MoverScore {
  /** The prior count at the recent window's length. */
  expected: number;
  /** Recent daily rate over prior daily rate, shrunk towards 1. */
  rateRatio: number;
  /** ln(rateRatio). */
  score: number;
  /** Standardised recent count under "the rate did not change" (0 when both counts are 0). */
  z: number;
}

/**
 * If the daily rate did not change, the recent count is Binomial(n, p) of the n = recent + prior events,
 * with p = recentDays / (recentDays + priorDays). A Beta(a·p, a·(1−p)) prior on that share (a = `strength`
 * events' worth of "no change") gives the posterior mean q = (recent + a·p) / (n + a), and the rate ratio
 * q/recentDays ÷ (1−q)/priorDays. A handful of events barely moves it; hundreds move it almost all the way.
 */
export function moverScore(
  recent: number,
  prior: number,
  recentDays: number,
  priorDays: number,
  strength: number,
): MoverScore {
  const p = recentDays / (recentDays + priorDays);
  const n = recent + prior;
  const rateRatio = ((recent + strength * p) / (prior + strength * (1 - p))) * (priorDays / recentDays);
  return {
    expected: (prior * recentDays) / priorDays,
    rateRatio,
    score: Math.log(rateRatio),
    z: n === 0 ? 0 : (recent - n * p) / Math.sqrt(n * p * (1 - p)),
  };
}
