import { BatchInserter, type AnalyticsStore } from '@demand/analytics-store';
import type { EventRow, ItemRow } from '../domain/event-rows.js';
import type { DailyKindCount } from '../domain/item-stats.js';
import type { DayRange } from '../domain/stats-query.js';
import type { EventStore } from '../ports/event-store.port.js';

/**
 * Events and aggregates in ClickHouse. A record redelivered by the bus is found by its
 * event_id (the table's sort key) and not inserted again, so the materialized daily
 * counts stay exact under at-least-once delivery.
 *
 * Every insert creates a new part whatever its size, so rows from batches handled at the
 * same time (one per partition) are gathered into one insert; each caller still returns
 * only once its own rows are stored.
 */
export class ClickHouseEventStore implements EventStore {
  private readonly events: BatchInserter<EventRow>;

  constructor(
    private readonly store: AnalyticsStore,
    gather: { maxRows: number; maxDelayMs: number } = { maxRows: 5000, maxDelayMs: 25 },
  ) {
    this.events = new BatchInserter<EventRow>(store, { table: 'events', ...gather });
  }

  async insertNew(events: readonly EventRow[]): Promise<number> {
    if (events.length === 0) return 0;
    const unique = [...new Map(events.map((e) => [e.event_id, e])).values()];
    const known = await this.store.query<{ event_id: string }>(
      'SELECT event_id FROM events WHERE event_id IN {ids:Array(String)}',
      {
        ids: unique.map((e) => e.event_id),
      },
    );
    const knownIds = new Set(known.map((k) => k.event_id));
    const fresh = unique.filter((e) => !knownIds.has(e.event_id));
    await this.events.add(fresh);
    return fresh.length;
  }

  async upsertItems(items: readonly ItemRow[]): Promise<void> {
    await this.store.insert('items', items);
  }

  async dailyCounts(itemId: string, range: DayRange): Promise<DailyKindCount[]> {
    const conditions = ['item_id = {itemId:String}'];
    if (range.fromDay) conditions.push('day >= toDate({fromDay:String})');
    if (range.toDay) conditions.push('day <= toDate({toDay:String})');
    const rows = await this.store.query<{
      day_text: string;
      kind: string;
      events: number | string;
      units: number | string;
      revenue: number;
    }>(
      `SELECT toString(day) AS day_text, kind, sum(events) AS events, sum(units) AS units, sum(revenue) AS revenue
       FROM item_daily_counts WHERE ${conditions.join(' AND ')} GROUP BY day, kind ORDER BY day, kind`,
      { itemId, fromDay: range.fromDay ?? '', toDay: range.toDay ?? '' },
    );
    return rows.map((r) => ({
      day: r.day_text,
      kind: r.kind,
      events: Number(r.events),
      units: Number(r.units),
      revenue: Number(r.revenue),
    }));
  }

  async itemExists(itemId: string): Promise<boolean> {
    const rows = await this.store.query<{ n: number | string }>(
      'SELECT count() AS n FROM items WHERE item_id = {itemId:String}',
      { itemId },
    );
    return Number(rows[0]?.n ?? 0) > 0;
  }
}
