import type { ItemEvent } from '@demand/segments';
import type { ProfileSnapshot } from '../ports/profile-source.port.js';
import { eachEventInSteps } from './event-loop-slices.js';
import type { StoredItemEvent } from './profile-events.js';
import type { ProfileCache } from './profiles.js';

export const DEFAULT_TOUCHED_PAGE_IDS = 2000;

/** Keeps the histories of the users a read named (it holds all of their events), in steps (see `EventLoopSlices`). */
export function* keepHistories(
  cache: ProfileCache,
  userIds: readonly string[],
  snapshot: ProfileSnapshot,
): Generator<void, void> {
  if (userIds.length === 0) return;
  const own = new Map<string, ItemEvent[]>(userIds.map((id) => [id, []]));
  yield* eachEventInSteps(snapshot.events, (e) => {
    if (e.userId) own.get(e.userId)?.push(e);
  });
  for (const [id, kept] of own) {
    yield;
    cache.histories.keep(id, kept);
  }
}

/**
 * The kept histories of touched users extended by the events stored for them since, a user a step: the users
 * extended with all of their events, and those whose history is no longer kept or cannot be (read them again).
 */
export function* extendHistories(
  cache: ProfileCache,
  userEvents: ReadonlyMap<string, readonly StoredItemEvent[]>,
): Generator<void, { extended: StoredItemEvent[]; extendedUsers: string[]; unkept: string[] }> {
  const extended: StoredItemEvent[] = [];
  const extendedUsers: string[] = [];
  const unkept: string[] = [];
  for (const [id, added] of userEvents) {
    yield;
    const history = cache.histories.extend(id, added);
    if (!history) unkept.push(id);
    else {
      extendedUsers.push(id);
      for (const e of history) extended.push(e);
    }
  }
  return { extended, extendedUsers, unkept };
}

/** Touched users then items, cut into pages of at most `size` ids in all. */
export function* touchedPages(
  users: readonly string[],
  items: readonly string[],
  size: number,
): Generator<{ users: string[]; items: string[] }> {
  if (!(Number.isInteger(size) && size > 0))
    throw new RangeError(`touchedPageIds must be a positive integer, got ${size}`);
  for (let start = 0; start < users.length + items.length; start += size) {
    const end = start + size;
    yield {
      users: users.slice(start, end),
      items: items.slice(Math.max(0, start - users.length), Math.max(0, end - users.length)),
    };
  }
}

/** Milliseconds from the end of a touched refresh that took `lastMs` to the start of the next one. */
export function touchedRefreshDelay(lastMs: number, everyMs: number, maxShare = 1): number {
  if (!(maxShare > 0 && maxShare <= 1)) throw new RangeError(`touchedMaxShare must be in (0, 1], got ${maxShare}`);
  return Math.max(everyMs, Math.ceil((lastMs * (1 - maxShare)) / maxShare));
}
