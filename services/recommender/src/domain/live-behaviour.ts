import { KIND_CODE, type LiveBehaviour } from '@demand/recommend';
import type { UserRecent } from './recent-history.js';

/**
 * A user's held events in a model's item indices (items it lacks are left out): the purchases,
 * the items engaged with (anchors of a known user) and the history's change stamp.
 */
export function liveBehaviour(recent: UserRecent, itemIndex: ReadonlyMap<string, number>): LiveBehaviour {
  const bought: number[] = [];
  for (const { item } of recent.purchases) {
    const i = itemIndex.get(item);
    if (i !== undefined) bought.push(i);
  }
  const items: number[] = [];
  const kinds: number[] = [];
  for (const { item, kind } of recent.events) {
    const i = kind === 'remove_from_cart' ? undefined : itemIndex.get(item);
    if (i === undefined) continue;
    items.push(i);
    kinds.push(KIND_CODE[kind]);
  }
  return { bought, changedAt: recent.changedAt, items, kinds };
}

/** What a user the model does not know is folded in from: their held items, then the caller's session items, newest last, at most `max`. */
export function foldInItems(held: readonly number[], sessionItems: readonly number[], max: number): number[] {
  const items = [...held, ...sessionItems];
  return items.length > max ? items.slice(items.length - max) : items;
}
