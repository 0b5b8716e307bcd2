import type { LiveBehaviour } from '@demand/recommend';
import type { UserRecent } from './recent-history.js';

/** The held purchases and newest event time of a user, in a model's item indices (items it lacks are left out). */
export function liveBehaviour(recent: UserRecent, itemIndex: ReadonlyMap<string, number>): LiveBehaviour {
  const bought: number[] = [];
  for (const { item } of recent.purchases) {
    const i = itemIndex.get(item);
    if (i !== undefined) bought.push(i);
  }
  return { bought, newestAt: recent.newestAt };
}

/**
 * The items a user the model does not know engaged with (held events, then the caller's session
 * items), newest last, at most `max`: what the model folds the user in from.
 */
export function foldInItems(
  recent: UserRecent | undefined,
  sessionItems: readonly number[],
  itemIndex: ReadonlyMap<string, number>,
  max: number,
): number[] {
  const items: number[] = [];
  for (const { item, kind } of recent?.events ?? []) {
    if (kind === 'remove_from_cart') continue;
    const i = itemIndex.get(item);
    if (i !== undefined) items.push(i);
  }
  items.push(...sessionItems);
  return items.length > max ? items.slice(items.length - max) : items;
}
