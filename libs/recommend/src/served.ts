import type { Interaction } from './types.js';

/** A list the recommender served, as logged (recs.served.v1 / served_lists). */
export interface ServedList {
  user: string;
  /** Epoch ms. */
  at: number;
  items: readonly string[];
}

/** A served list with what its shopper did with its items afterwards. */
export interface ServedOutcome extends ServedList {
  /** Items of the list the shopper clicked, carted or bought within the attribution window. */
  engaged: string[];
}

const ENGAGING = new Set(['click', 'add_to_cart', 'purchase']);

/**
 * Joins served lists with the clicks, carts and purchases of the same shopper on the list's
 * items within `windowMs` after it was served: the labels the ranker learns from.
 */
export function joinServedWithOutcomes(
  served: readonly ServedList[],
  interactions: readonly Interaction[],
  windowMs: number,
): ServedOutcome[] {
  const byUser = new Map<string, Interaction[]>();
  for (const e of interactions) {
    if (!ENGAGING.has(e.kind)) continue;
    const list = byUser.get(e.user) ?? [];
    list.push(e);
    byUser.set(e.user, list);
  }
  return served.map((s) => {
    const shown = new Set(s.items);
    const engaged = new Set<string>();
    for (const e of byUser.get(s.user) ?? [])
      if (e.at >= s.at && e.at <= s.at + windowMs && shown.has(e.item)) engaged.add(e.item);
    return { ...s, engaged: [...engaged] };
  });
}
