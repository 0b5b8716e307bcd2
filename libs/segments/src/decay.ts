import { invalidArgument } from './errors.js';
import { DAY_MS, type InteractionKind } from './types.js';

/** How much each kind of action says about a preference: view < click < cart < purchase. */
export type KindWeights = Readonly<Partial<Record<InteractionKind, number>>>;

export const DEFAULT_KIND_WEIGHTS: KindWeights = { view: 1, click: 2, add_to_cart: 4, purchase: 8 };

/** 2^(−age / half-life): an action one half-life old counts half as much as one made at `asOf`. */
export function decayWeight(at: number, asOf: number, halfLifeDays: number): number {
  if (!(halfLifeDays > 0)) throw invalidArgument(`halfLifeDays must be positive (got ${halfLifeDays})`);
  const ageDays = Math.max(0, asOf - at) / DAY_MS;
  return 2 ** (-ageDays / halfLifeDays);
}

/** Shares of a weighted tally (they sum to 1), largest first; empty when nothing was counted. */
export function toShares(tally: ReadonlyMap<string, number>): Record<string, number> {
  let total = 0;
  for (const w of tally.values()) total += w;
  if (total <= 0) return {};
  const entries = [...tally.entries()].filter(([, w]) => w > 0).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return Object.fromEntries(entries.map(([key, w]) => [key, w / total]));
}

/** Herfindahl index of shares: 1 = everything on one key, 1/n = spread evenly over n. */
export function concentration(shares: Readonly<Record<string, number>>): number {
  let sum = 0;
  for (const s of Object.values(shares)) sum += s * s;
  return sum;
}
