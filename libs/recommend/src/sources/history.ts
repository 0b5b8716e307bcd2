import { CART, type Dataset, PURCHASE } from '../dataset.js';
import type { RecContext } from '../types.js';
import type { Anchor } from './expand.js';

const KIND_WEIGHT = [1, 0.7, 2, 0, 3];

/**
 * A user's recent items as weighted anchors (recency × strength): a known user's live events
 * (newest first) before the model's history, or the session of a user the model does not know.
 */
export function recentAnchors(data: Dataset, context: RecContext, n: number): Anchor[] {
  if (context.user >= 0) {
    const out: Anchor[] = [];
    const seen = new Set<number>();
    const add = (item: number, kind: number) => {
      if (out.length >= n || seen.has(item)) return;
      seen.add(item);
      out.push({ item, weight: KIND_WEIGHT[kind]! * 0.9 ** out.length });
    };
    const { items = [], kinds = [] } = context.live ?? {};
    for (let t = items.length - 1; t >= 0; t--) add(items[t]!, kinds[t]!);
    for (const e of data.recentItems(context.user, n)) add(e.item, e.kind);
    return out;
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
