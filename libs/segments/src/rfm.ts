import { DAY_MS, type UserEvent } from './types.js';

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
  const n = values.length;
  // A typed array sorts numerically without a comparator call per comparison (the scores run every refresh).
  const sorted = Float64Array.from(values).sort();
  const countBelow = (v: number) => lowerBound(sorted, v);
  const countAbove = (v: number) => n - upperBound(sorted, v);
  const scores = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    scores[i] = 1 + Math.min(4, Math.floor((5 * (higherIsBetter ? countBelow(v) : countAbove(v))) / n));
  }
  return scores;
}

/** R, F and M quintile scores of a population, in the order given. */
export function rfmScores(population: readonly Rfm[]): RfmScores[] {
  const r = quintileScores(
    population.map((p) => p.recencyDays),
    false,
  );
  const f = quintileScores(population.map((p) => p.frequency));
  const m = quintileScores(population.map((p) => p.monetary));
  return population.map((_, i) => ({ r: r[i]!, f: f[i]!, m: m[i]! }));
}

function lowerBound(sorted: Float64Array, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function upperBound(sorted: Float64Array, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
