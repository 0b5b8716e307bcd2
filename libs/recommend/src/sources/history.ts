import { CART, type Dataset, PURCHASE } from '../dataset.js';
import type { RecContext } from '../types.js';
import type { Anchor } from './expand.js';

const KIND_WEIGHT = [1, 0.7, 2, 0, 3];

/** A user's recent items as weighted anchors (recency × strength), from the model's history or the session. */
export function recentAnchors(data: Dataset, context: RecContext, n: number): Anchor[] {
  if (context.user >= 0) {
    return data.recentItems(context.user, n).map((e, rank) => ({
      item: e.item,
      weight: KIND_WEIGHT[e.kind]! * 0.9 ** rank,
    }));
  }
  const recent = context.recentItems ?? [];
  const out: Anchor[] = [];
  const seen = new Set<number>();
  for (let t = recent.length - 1; t >= 0 && out.length < n; t--) {
    if (seen.has(recent[t]!)) continue;
    seen.add(recent[t]!);
    out.push({ item: recent[t]!, weight: 0.9 ** out.length });
  }
  return out;
}

export function isStrong(kind: number): boolean {
  return kind === CART || kind === PURCHASE;
}
