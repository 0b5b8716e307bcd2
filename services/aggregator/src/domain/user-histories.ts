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
  /**
   * Users in the order they were kept, oldest first, each with the number of its keeping: an entry
   * is current while `keptAs` holds that number for the user (kept again later, or forgotten: stale).
   * The oldest are evicted from here, never by iterating the Map from its front: V8 leaves a deleted
   * entry as a hole that such iteration skips until it rehashes, and every keep deletes the user's
   * entry first, so each eviction (and each keep, which looked for one) paid ≈ 10–20 µs at 20,000 users.
   */
  private order: [userId: string, keeping: number][] = [];
  private oldest = 0;
  private readonly keptAs = new Map<string, number>();
  private keepings = 0;

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
      this.keptAs.delete(id);
    }
  }

  clear(): void {
    this.histories.clear();
    this.events = 0;
    this.order = [];
    this.oldest = 0;
    this.keptAs.clear();
  }

  private set(userId: string, history: StoredItemEvent[]): void {
    if (history.length > this.capacity) return;
    this.histories.set(userId, history);
    this.events += history.length;
    const keeping = ++this.keepings;
    this.keptAs.set(userId, keeping);
    this.order.push([userId, keeping]);
    // The users refreshed longest ago go first.
    while (this.events > this.capacity) {
      const [id, kept] = this.order[this.oldest++]!;
      if (this.keptAs.get(id) !== kept) continue;
      this.events -= this.histories.get(id)!.length;
      this.histories.delete(id);
      this.keptAs.delete(id);
    }
    // Stale and evicted entries are dropped once they are half of the order (amortised O(1) a keep).
    if (this.order.length > 2 * this.histories.size + 1024) {
      this.order = this.order.slice(this.oldest).filter(([id, kept]) => this.keptAs.get(id) === kept);
      this.oldest = 0;
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
