import type { CleanEvent, ItemStats } from '@demand/contracts';
import type { EventStore } from '../ports/event-store.port.js';
import { toRows } from './event-rows.js';
import { buildItemStats } from './item-stats.js';
import { parseStatsQuery } from './stats-query.js';

export class ItemNotFoundError extends Error {
  readonly code = 'NOT_FOUND';
  constructor(itemId: string) {
    super(`item ${JSON.stringify(itemId)} has no events and is not in the catalog`);
  }
}

/** Keeps clean events and their per-item daily aggregates, and answers questions about them. */
export class Aggregator {
  constructor(private readonly store: EventStore) {}

  /**
   * Stores a batch of clean events; safe to call again with the same events. Catalog rows are
   * stored before it returns; behaviour events once `durable` resolves (they join a larger insert).
   */
  async ingest(events: readonly CleanEvent[]): Promise<{ events: number; items: number; durable: Promise<void> }> {
    const rows = toRows(events);
    const { durable } = this.store.append(rows.events);
    if (rows.items.length > 0) await this.store.upsertItems(rows.items);
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
