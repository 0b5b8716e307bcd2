import { itemEventsOf, type StoredItemEvent } from './profile-events.js';
import type { ProfileCache } from './profiles.js';

/** What one touched refresh takes on: users and items to read again, events that move kept profiles on. */
export interface TouchedBatch {
  users: string[];
  items: string[];
  /** Touched users with a kept history, and the profile events stored for them since. */
  userEvents: Map<string, StoredItemEvent[]>;
  itemEvents: StoredItemEvent[];
}

/**
 * The touched-refresh bookkeeping of `ProfileService`: users and items touched by stored batches,
 * the events stored for them since, and whether kept histories are still trusted after a rebalance.
 */
export class TouchedWork {
  /** Touched users read again at the next touched refresh. */
  private readonly users = new Set<string>();
  private userEvents = new Map<string, StoredItemEvent[]>();
  private readonly items = new Set<string>();
  /** Item events of batches stored since the last touched refresh: item profiles follow these alone. */
  private itemEvents: StoredItemEvent[] = [];
  /** The partitions of the event topic this replica consumes (see `holdPartitions`). */
  private heldPartitions = new Set<number>();
  /** Partitions were gained since kept histories were last trusted: they are dropped before the next refresh. */
  private historiesStale = false;
  /** Whether a full refresh has read the store and none is under way (see `touch`). */
  private complete = false;

  constructor(private readonly cache: ProfileCache) {}

  get pending(): number {
    return this.users.size + this.userEvents.size + this.items.size + this.itemEvents.length;
  }

  /** See `ProfileService.touch`. */
  touch(userIds: Iterable<string>, itemIds: Iterable<string>, events?: readonly StoredItemEvent[]): void {
    const byUser = new Map<string, StoredItemEvent[]>();
    for (const e of events ?? []) {
      const list = byUser.get(e.userId);
      if (list) list.push(e);
      else byUser.set(e.userId, [e]);
    }
    const { cache } = this;
    for (const id of userIds) {
      if (!id) continue;
      // After a full refresh, a user without a profile or a history had no events then: all are touched since.
      const unseen = !cache.hasUser(id) && !cache.histories.has(id) && byUser.has(id);
      if (this.complete && unseen && !this.users.has(id)) cache.histories.keep(id, []);
      if (!events || this.historiesStale || this.users.has(id) || !cache.histories.has(id)) {
        this.reread([id]);
        continue;
      }
      const pending = this.userEvents.get(id) ?? [];
      for (const e of byUser.get(id) ?? []) pending.push(e);
      this.userEvents.set(id, pending);
    }
    const itemEvents = itemEventsOf(events ?? []);
    const followed = new Set(itemEvents.map((e) => e.itemId));
    // Not followed: only events its profile does not count (a bot's, a removal from a cart) in the batch.
    for (const id of itemIds) if (id && !followed.has(id) && !(events && cache.hasItem(id))) this.items.add(id);
    for (const e of itemEvents) this.itemEvents.push(e);
  }

  /** These users are read again at the next touched refresh. */
  reread(userIds: Iterable<string>): void {
    for (const id of userIds) {
      this.users.add(id);
      this.userEvents.delete(id);
    }
  }

  /** Forgotten users: nothing of theirs is read again or followed (their rows are gone from the store). */
  forget(userIds: readonly string[]): void {
    const gone = new Set(userIds);
    for (const id of gone) {
      this.users.delete(id);
      this.userEvents.delete(id);
    }
    this.itemEvents = this.itemEvents.filter((e) => !gone.has(e.userId));
  }

  /** See `ProfileService.holdPartitions`. */
  holdPartitions(partitions: Iterable<number>): void {
    const held = new Set(partitions);
    const gained = [...held].some((p) => !this.heldPartitions.has(p));
    this.heldPartitions = held;
    if (!gained) return;
    this.historiesStale = true;
    this.complete = false;
  }

  /** At the start of a touched refresh: kept histories after a gained partition are not trusted. */
  dropStaleHistories(): void {
    if (!this.historiesStale) return;
    this.historiesStale = false;
    this.complete = false;
    this.reread([...this.userEvents.keys()]);
    this.cache.histories.clear();
  }

  /** At the start of a full refresh: it reads everything stored so far, and keeps histories anew. */
  clearForFullRead(): void {
    this.complete = false;
    this.historiesStale = false;
    this.users.clear();
    this.userEvents.clear();
    this.items.clear();
    this.itemEvents = [];
  }

  /** A full refresh read everything stored before it began. */
  fullReadComplete(): void {
    // A partition gained during the read: histories kept from it are dropped before the next refresh anyway.
    this.complete = !this.historiesStale;
  }

  /**
   * At the end of a full refresh: item events stored meanwhile may or may not be in their item's
   * page, so those items are read again at the next touched refresh instead.
   */
  rereadItemsOfEventsSinceFullRead(): void {
    for (const e of this.itemEvents) if (e.itemId) this.items.add(e.itemId);
    this.itemEvents = [];
  }

  /** Everything touched so far, for one touched refresh; nothing is left pending. */
  take(): TouchedBatch {
    const batch = {
      users: [...this.users],
      items: [...this.items],
      userEvents: this.userEvents,
      itemEvents: this.itemEvents,
    };
    this.users.clear();
    this.userEvents = new Map();
    this.items.clear();
    this.itemEvents = [];
    return batch;
  }
}
