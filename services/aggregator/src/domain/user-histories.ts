import type { ItemEvent } from '@demand/segments';
import type { StoredItemEvent } from './profile-events.js';

/**
 * The profile events of recently refreshed users, kept so that a touched refresh recomputes them from
 * their history plus the events just stored, without reading the history again. At most `capacity`
 * events in all: the users refreshed longest ago are forgotten first (and read again when touched).
 * A history is kept only when it cannot go stale by itself: every event has its id, and every review
 * has its sentiment (a sentiment judged later would change the profile without a stored event).
 */
export class UserHistories {
  private readonly histories = new Map<string, StoredItemEvent[]>();
  private events = 0;

  constructor(readonly capacity: number) {
    if (!(Number.isInteger(capacity) && capacity >= 0)) {
      throw new RangeError(`capacity must be a non-negative integer, got ${capacity}`);
    }
  }

  get size(): number {
    return this.histories.size;
  }

  has(userId: string): boolean {
    return this.histories.has(userId);
  }

  /** Keeps a user's whole history as read from the store (when it can be kept). */
  keep(userId: string, events: readonly ItemEvent[]): void {
    this.forget([userId]);
    const kept: StoredItemEvent[] = [];
    for (const e of events) {
      if (!hasId(e) || (e.kind === 'review' && e.sentiment === undefined)) return;
      kept.push(e);
    }
    this.set(userId, kept);
  }

  /**
   * The user's kept history with `added` merged in (an event id already there counts once), in the
   * store's order (time, then event id); undefined when no history is kept or the merged one cannot be.
   */
  extend(userId: string, added: readonly StoredItemEvent[]): StoredItemEvent[] | undefined {
    const history = this.histories.get(userId);
    if (!history) return undefined;
    this.forget([userId]);
    const seen = new Set(history.map((e) => e.eventId));
    const fresh = added.filter((e) => !seen.has(e.eventId) && seen.add(e.eventId));
    if (fresh.some((e) => e.kind === 'review')) return undefined; // its sentiment is judged later
    const merged = fresh.length === 0 ? history : [...history, ...fresh].sort(storeOrder);
    this.set(userId, merged);
    return merged;
  }

  forget(userIds: Iterable<string>): void {
    for (const id of userIds) {
      const history = this.histories.get(id);
      if (!history) continue;
      this.events -= history.length;
      this.histories.delete(id);
    }
  }

  clear(): void {
    this.histories.clear();
    this.events = 0;
  }

  private set(userId: string, history: StoredItemEvent[]): void {
    if (history.length > this.capacity) return;
    this.histories.set(userId, history);
    this.events += history.length;
    // A Map iterates in insertion order: the first entries were refreshed longest ago.
    for (const [id, oldest] of this.histories) {
      if (this.events <= this.capacity) break;
      this.events -= oldest.length;
      this.histories.delete(id);
    }
  }
}

function hasId(e: ItemEvent): e is StoredItemEvent {
  return typeof (e as Partial<StoredItemEvent>).eventId === 'string';
}

/** The order the store reads a user's events in: time, then event id (dialog turns' order does not matter). */
export function storeOrder(a: StoredItemEvent, b: StoredItemEvent): number {
  return a.at - b.at || (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0);
}
