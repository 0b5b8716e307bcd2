import type { CleanEvent, ItemStats } from '@demand/contracts';
import type { EventStore } from '../ports/event-store.port.js';
import { type EventRow, type ItemRow, toRows } from './event-rows.js';
import { buildItemStats } from './item-stats.js';
import { type StoredItemEvent, storedProfileEvents } from './profile-events.js';
import { parseStatsQuery } from './stats-query.js';

export class ItemNotFoundError extends Error {
  readonly code = 'NOT_FOUND';
  constructor(itemId: string) {
    super(`item ${JSON.stringify(itemId)} has no events and is not in the catalog`);
  }
}

/** Keeps clean events and their per-item daily aggregates, and answers questions about them. */
/**
 * Told which users and items a batch touched once its events are durable, with the batch's profile
 * events (profile refresh: items and users with kept histories follow these events) and the users
 * whose events in the batch are all backfill (imported history).
 */
export type StoredListener = (
  userIds: ReadonlySet<string>,
  itemIds: ReadonlySet<string>,
  profileEvents: readonly StoredItemEvent[],
  backfillOnlyUsers: ReadonlySet<string>,
) => void;

const NO_USERS: ReadonlySet<string> = new Set();

/** The users of `events` whose events are all backfill. */
function backfillOnlyUsers(events: readonly EventRow[]): Set<string> {
  const users = new Set<string>();
  for (const e of events) if (e.user_id && e.backfill) users.add(e.user_id);
  for (const e of events) if (!e.backfill) users.delete(e.user_id);
  return users;
}

export class Aggregator {
  private readonly listeners: StoredListener[] = [];

  constructor(private readonly store: EventStore) {}

  onStored(listener: StoredListener): void {
    this.listeners.push(listener);
  }

  /**
   * Stores a batch of clean events; safe to call again with the same events. Catalog rows are
   * stored before it returns; behaviour events once `durable` resolves (they join a larger insert).
   */
  ingest(events: readonly CleanEvent[]): Promise<{ events: number; items: number; durable: Promise<void> }> {
    return this.ingestRows(toRows(events));
  }

  /** `ingest` for events already made rows (the consumer decodes behaviour events straight into rows). */
  async ingestRows(rows: {
    events: readonly EventRow[];
    items: readonly ItemRow[];
  }): Promise<{ events: number; items: number; durable: Promise<void> }> {
    const { durable } = this.store.append(rows.events);
    if (rows.items.length > 0) await this.store.upsertItems(rows.items);
    if (this.listeners.length > 0 && rows.events.length > 0) {
      const users = new Set<string>();
      const items = new Set<string>();
      let live = false;
      let backfill = false;
      for (const e of rows.events) {
        if (e.user_id) {
          users.add(e.user_id);
          if (e.backfill) backfill = true;
          else live = true;
        }
        if (e.item_id) items.add(e.item_id);
      }
      // An import's batches are all backfill and live ones have none: only a mixed batch is gone through again.
      const backfillOnly = !backfill ? NO_USERS : live ? backfillOnlyUsers(rows.events) : users;
      const profileEvents = storedProfileEvents(rows.events);
      durable.then(
        () => {
          for (const listener of this.listeners) listener(users, items, profileEvents, backfillOnly);
        },
        () => undefined, // the consumer sees the failure through `durable` and redelivers
      );
    }
    return { events: rows.events.length, items: rows.items.length, durable };
  }

  /** Makes the events held for the next insert durable now. */
  flush(): void {
    this.store.flush();
  }

  async itemStats(request: { itemId: string; fromDay: string; toDay: string }): Promise<ItemStats> {
    const { itemId, range } = parseStatsQuery(request);
    const rows = await this.store.dailyCounts(itemId, range);
    if (rows.length === 0 && !(await this.store.itemExists(itemId))) throw new ItemNotFoundError(itemId);
    return buildItemStats(itemId, rows);
  }
}
