import type { DayRange } from '../domain/stats-query.js';
import type { DailyKindCount } from '../domain/item-stats.js';
import type { EventRow, ItemRow } from '../domain/event-rows.js';

/** The aggregator's own store of events and their aggregates. */
export interface EventStore {
  /** Stores events whose id is not stored yet; returns how many were new. Idempotent. */
  insertNew(events: readonly EventRow[]): Promise<number>;
  upsertItems(items: readonly ItemRow[]): Promise<void>;
  dailyCounts(itemId: string, range: DayRange): Promise<DailyKindCount[]>;
  itemExists(itemId: string): Promise<boolean>;
}

export const EVENT_STORE = Symbol('EventStore');
