import { itemEventsOf, type StoredItemEvent } from './profile-events.js';
import { PendingUsers } from './pending-users.js';
import type { ProfileCache } from './profiles.js';

/** What one touched refresh takes on: users and items to read again, events that move kept profiles on. */
export interface TouchedBatch {
  users: string[];
  items: string[];
  /** Touched users with a kept history, and the profile events stored for them since. */
  userEvents: Map<string, StoredItemEvent[]>;
  itemEvents: StoredItemEvent[];
}

/** When users touched by backfill alone are refreshed (see `TouchedWork`). */
export interface BackfillWait {
  /** Once no backfill has been stored for this long (the import went quiet)… */
  quietMs: number;
  /** …or once the first of them has waited this long (an import that never pauses). */
  maxWaitMs: number;
  /** Above this many events held for waiting users, they are read from the store instead (memory bound). */
  maxHeldEvents: number;
}

/**
 * The touched-refresh bookkeeping of `ProfileService`: users and items touched by stored batches,
 * the events stored for them since, and whether kept histories are still trusted after a rebalance.
 * A user touched by backfill alone (imported history: the same users all through an import, each
 * with an ever longer history) waits (`BackfillWait`), so that an import rebuilds each profile about once
 * instead of at every refresh; a live event of the user ends its wait at once.
 */
export class TouchedWork {
  /** Touched users taken at the next touched refresh. */
  private readonly users = new PendingUsers();
  /**
   * Users touched by backfill alone, apart so that a refresh while they wait costs nothing for them;
   * moved into `users` when their wait ends (`waitOver`) or by a live event of theirs.
   */
  private readonly waiting = new PendingUsers();
  private readonly items = new Set<string>();
  /** Item events of batches stored since the last touched refresh: item profiles follow these alone. */
  private itemEvents: StoredItemEvent[] = [];
  /** The partitions of the event topic this replica consumes (see `holdPartitions`). */
  private heldPartitions = new Set<number>();
  /** Partitions were gained since kept histories were last trusted: they are dropped before the next refresh. */
  private historiesStale = false;
  /** Whether a full refresh has read the store and none is under way (see `touch`). */
  private complete = false;
  private waitingSince = 0;
  private lastBackfillAt = 0;

  constructor(
    private readonly cache: ProfileCache,
    private readonly backfill: BackfillWait = DEFAULT_BACKFILL_WAIT,
  ) {}

  /** Everything pending, users waiting for the end of a backfill included. */
  get pending(): number {
    return this.users.size + this.waiting.size + this.items.size + this.itemEvents.length;
  }

  /** Whether a touched refresh at `now` has anything to take (users still waiting are not taken). */
  due(now: number): boolean {
    if (this.users.size + this.items.size + this.itemEvents.length > 0) return true;
    return this.waiting.size > 0 && this.waitOver(now);
  }

  /**
   * See `ProfileService.touch`, at `now` (ms, the clock of `take`); users in `backfillOnly` (touched by backfill
   * alone) wait unless already pending for a live event.
   */
  touch(
    now: number,
    userIds: Iterable<string>,
    itemIds: Iterable<string>,
    events?: readonly StoredItemEvent[],
    backfillOnly: ReadonlySet<string> = NONE,
  ): void {
    // Grouped at the first user that needs it: users read again in full (after a rebalance, an import's) do not.
    let grouped: Map<string, StoredItemEvent[]> | undefined;
    const byUser = () => (grouped ??= eventsByUser(events ?? []));
    const { cache } = this;
    if (backfillOnly.size > 0) this.lastBackfillAt = now;
    for (const id of userIds) {
      if (!id) continue;
      const pending = this.pendingFor(id, backfillOnly.has(id), now);
      // After a full refresh, a user without a profile or a history had no events then: all are touched since.
      if (this.complete && !pending.reread.has(id) && !cache.hasUser(id) && !cache.histories.has(id)) {
        if (byUser().has(id)) cache.histories.keep(id, []);
      }
      if (!events || this.historiesStale || pending.reread.has(id) || !cache.histories.has(id)) {
        pending.markReread(id);
        continue;
      }
      pending.hold(id, byUser().get(id) ?? []);
    }
    // Held events of waiting users past the bound: they are read from the store when their wait ends.
    if (this.waiting.heldEvents > this.backfill.maxHeldEvents) this.waiting.rereadAll();
    const itemEvents = itemEventsOf(events ?? []);
    const followed = new Set(itemEvents.map((e) => e.itemId));
    // Not followed: only events its profile does not count (a bot's, a removal from a cart) in the batch.
    for (const id of itemIds) if (id && !followed.has(id) && !(events && cache.hasItem(id))) this.items.add(id);
    for (const e of itemEvents) this.itemEvents.push(e);
  }

  /** These users are read again at the next touched refresh (or at the end of their wait). */
  reread(userIds: Iterable<string>): void {
    for (const id of userIds) (this.waiting.has(id) ? this.waiting : this.users).markReread(id);
  }

  /** These items are read again at the next touched refresh. */
  rereadItems(itemIds: Iterable<string>): void {
    for (const id of itemIds) this.items.add(id);
  }

  /**
   * Where a touched user is pending: a user touched by backfill alone waits unless already pending (for a
   * live event); a live touch ends its wait.
   */
  private pendingFor(id: string, backfillOnly: boolean, now: number): PendingUsers {
    if (!backfillOnly) {
      this.waiting.moveTo(id, this.users);
      return this.users;
    }
    if (this.users.has(id)) return this.users;
    if (this.waiting.size === 0) this.waitingSince = now;
    return this.waiting;
  }

  /** Whether users waiting for the end of a backfill are taken now. */
  private waitOver(now: number): boolean {
    return now - this.lastBackfillAt >= this.backfill.quietMs || now - this.waitingSince >= this.backfill.maxWaitMs;
  }

  /** Forgotten users: nothing of theirs is read again or followed (their rows are gone from the store). */
  forget(userIds: readonly string[]): void {
    const gone = new Set(userIds);
    for (const id of gone) {
      this.users.delete(id);
      this.waiting.delete(id);
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
    this.users.rereadAll();
    this.waiting.rereadAll();
    this.cache.histories.clear();
  }

  /** At the start of a full refresh: it reads everything stored so far, and keeps histories anew. */
  clearForFullRead(): void {
    this.complete = false;
    this.historiesStale = false;
    this.users.clear();
    this.waiting.clear();
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

  /**
   * Everything touched so far, for one touched refresh at `now`, but users waiting for the end of a
   * backfill (until `waitOver`), which stay pending.
   */
  take(now: number): TouchedBatch {
    if (this.waiting.size > 0 && this.waitOver(now)) this.waiting.moveAllTo(this.users);
    const batch = {
      users: [...this.users.reread],
      items: [...this.items],
      userEvents: this.users.held,
      itemEvents: this.itemEvents,
    };
    this.users.clear();
    this.items.clear();
    this.itemEvents = [];
    return batch;
  }
}

const NONE: ReadonlySet<string> = new Set();

function eventsByUser(events: readonly StoredItemEvent[]): Map<string, StoredItemEvent[]> {
  const byUser = new Map<string, StoredItemEvent[]>();
  for (const e of events) {
    const list = byUser.get(e.userId);
    if (list) list.push(e);
    else byUser.set(e.userId, [e]);
  }
  return byUser;
}

/** Imported history waits 5 s of quiet (at most a minute); at most 200,000 events held meanwhile. */
export const DEFAULT_BACKFILL_WAIT: BackfillWait = { quietMs: 5_000, maxWaitMs: 60_000, maxHeldEvents: 200_000 };
