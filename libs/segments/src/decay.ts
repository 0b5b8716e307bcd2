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
