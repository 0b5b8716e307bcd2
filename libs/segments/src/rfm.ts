import { DAY_MS, type UserEvent } from './types.js';
import { lowerBound, upperBound } from './sorted-search.js';

/** Recency (days since the last purchase, Infinity when none), frequency (orders) and monetary (total spent). */
export interface Rfm {
  recencyDays: number;
  frequency: number;
  monetary: number;
}

/** Quintile scores 1..5, 5 the best (most recent, most orders, most spent). */
export interface RfmScores {
  r: number;
  f: number;
  m: number;
}

/** RFM of one user's events as of `asOf` (later events are ignored). Orders are counted by order id. */
export function rfmOf(events: readonly UserEvent[], asOf: number): Rfm {
  let last = Number.NEGATIVE_INFINITY;
  let monetary = 0;
  const orders = new Set<string>();
  let unnamed = 0;
  for (const e of events) {
    if (e.kind !== 'purchase' || e.at > asOf) continue;
    last = Math.max(last, e.at);
    monetary += (e.unitPrice ?? 0) * (e.quantity ?? 1);
    if (e.orderId) orders.add(e.orderId);
    else unnamed++;
  }
  const recencyDays = Number.isFinite(last) ? (asOf - last) / DAY_MS : Number.POSITIVE_INFINITY;
  return { recencyDays, frequency: orders.size + unnamed, monetary };
}

/**
 * Quintile score of each value among all values: 1 + ⌊5 · (values strictly worse) / n⌋, so ties share a
 * score and the scores do not depend on the order of the users. `higherIsBetter` false for recency.
 */
export function quintileScores(values: readonly number[], higherIsBetter = true): number[] {
  return Array.from(scoresOf(Float64Array.from(values), higherIsBetter));
}

/** R, F and M quintile scores of a population, in the order given. */
export function rfmScores(population: readonly Rfm[]): RfmScores[] {
  const n = population.length;
  const recency = new Float64Array(n);
  const frequency = new Float64Array(n);
  const monetary = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const p = population[i]!;
    recency[i] = p.recencyDays;
    frequency[i] = p.frequency;
    monetary[i] = p.monetary;
  }
  const r = scoresOf(recency, false);
  const f = scoresOf(frequency, true);
  const m = scoresOf(monetary, true);
  const scores = new Array<RfmScores>(n);
  for (let i = 0; i < n; i++) scores[i] = { r: r[i]!, f: f[i]!, m: m[i]! };
  return scores;
}

/** `quintileScores` on typed arrays: they sort numerically without a comparator call (scores run every refresh). */
function scoresOf(values: Float64Array, higherIsBetter: boolean): Uint8Array {
  const n = values.length;
  const sorted = values.slice().sort();
  const scores = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    const worse = higherIsBetter ? lowerBound(sorted, v) : n - upperBound(sorted, v);
    scores[i] = 1 + Math.min(4, Math.floor((5 * worse) / n));
  }
  return scores;
}
