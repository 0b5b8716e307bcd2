import type { DayRange } from '../domain/stats-query.js';
import type { DailyKindCount } from '../domain/item-stats.js';
import type { EventRow, ItemRow } from '../domain/event-rows.js';

/** The aggregator's own store of events and their aggregates. */
export interface EventStore {
  /**
   * Stores events (a copy of an event already stored changes nothing: the storage is
   * idempotent). Returns at once; the promise settles when the events are durable, which
   * may be after rows of later calls joined them in one insert.
   */
  append(events: readonly EventRow[]): { durable: Promise<void> };
  upsertItems(items: readonly ItemRow[]): Promise<void>;
  dailyCounts(itemId: string, range: DayRange): Promise<DailyKindCount[]>;
  itemExists(itemId: string): Promise<boolean>;
  /** Makes what is held durable now (bus rebalance or stop). */
  flush(): void;
  /** Flushes and waits for every insert. */
  close(): Promise<void>;
}

export const EVENT_STORE = Symbol('EventStore');
