import { CART, type Dataset, PURCHASE, VIEW } from '../dataset.js';
import type { RecContext } from '../types.js';
import type { Anchor } from './expand.js';

const KIND_WEIGHT = [1, 0.7, 2, 0, 3];

/**
 * A user's recent items as weighted anchors (recency × strength): a known user's live events
 * (newest first) before the model's history, or the session of a user the model does not know.
 */
export function recentAnchors(data: Dataset, context: RecContext, n: number): Anchor[] {
  const out: Anchor[] = [];
  const seen = new Set<number>();
  const add = (item: number, kind: number) => {
    if (out.length >= n || seen.has(item)) return;
    seen.add(item);
    out.push({ item, weight: KIND_WEIGHT[kind]! * 0.9 ** out.length });
  };
  if (context.user >= 0) {
    const { items = [], kinds = [] } = context.live ?? {};
    for (let t = items.length - 1; t >= 0; t--) add(items[t]!, kinds[t]!);
    for (const e of data.recentItems(context.user, n)) add(e.item, e.kind);
  } else {
    // A session's items carry no kind: each weighs as a view.
    const recent = context.recentItems ?? [];
    for (let t = recent.length - 1; t >= 0 && out.length < n; t--) add(recent[t]!, VIEW);
  }
  return out;
}

export function isStrong(kind: number): boolean {
  return kind === CART || kind === PURCHASE;
}
