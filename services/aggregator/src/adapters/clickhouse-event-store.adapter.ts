import type { AnalyticsStore } from '@demand/analytics-store';
import { compactRow, EVENT_COLUMNS, type EventRow, type ItemRow } from '../domain/event-rows.js';
import type { DailyKindCount } from '../domain/item-stats.js';
import type { DayRange } from '../domain/stats-query.js';
import type { EventStore } from '../ports/event-store.port.js';
import { RowGatherer, type RowGathererOptions } from './row-gatherer.js';

export const EVENTS_TABLE = 'clean_events';

/**
 * Events and aggregates in ClickHouse (migrations/003_feature_store.sql). No read before
 * write: a redelivered event is inserted again and the tables absorb it (ReplacingMergeTree
 * on the event id for raw rows, exact-distinct states in every aggregate), so the cost of a
 * batch does not depend on the size of the table.
 *
 * Rows of every Kafka batch, whatever its partition, are gathered into one large insert
 * (chdb's own JSONCompactEachRow insert); each caller learns through `durable` when the
 * insert holding its rows is done, and the bus commits its offsets then.
 */
export class ClickHouseEventStore implements EventStore {
  private readonly events: RowGatherer;

  constructor(
    private readonly store: AnalyticsStore,
    gather: RowGathererOptions = { maxRows: 50_000, maxDelayMs: 1000 },
  ) {
    this.events = new RowGatherer((rows) => store.insertCompact(EVENTS_TABLE, EVENT_COLUMNS, rows), gather);
  }

  append(events: readonly EventRow[]): { durable: Promise<void> } {
    return { durable: this.events.add(events.map(compactRow)) };
  }

  async upsertItems(items: readonly ItemRow[]): Promise<void> {
    await this.store.insert('items', items);
  }

  async dailyCounts(itemId: string, range: DayRange): Promise<DailyKindCount[]> {
    const conditions = ['item_id = {itemId:String}'];
    if (range.fromDay) conditions.push("hour >= toDateTime(toDate({fromDay:String}), 'UTC')");
    if (range.toDay) conditions.push("hour < toDateTime(toDate({toDay:String}) + 1, 'UTC')");
    const rows = await this.store.query<{
      day_text: string;
      kind: string;
      events: number | string;
      paid: [string, number, number][];
    }>(
      `SELECT toString(toDate(hour)) AS day_text, kind, uniqExactMerge(events) AS events, groupUniqArrayMerge(paid) AS paid
       FROM item_hourly WHERE ${conditions.join(' AND ')} GROUP BY day_text, kind ORDER BY day_text, kind`,
      { itemId, fromDay: range.fromDay ?? '', toDay: range.toDay ?? '' },
    );
    return rows.map((r) => ({
      day: r.day_text,
      kind: r.kind,
      events: Number(r.events),
      units: r.paid.reduce((n, [, quantity]) => n + Number(quantity), 0),
      revenue: r.paid.reduce((n, [, quantity, price]) => n + Number(quantity) * Number(price), 0),
    }));
  }

  async itemExists(itemId: string): Promise<boolean> {
    const rows = await this.store.query<{ n: number | string }>(
      'SELECT count() AS n FROM items WHERE item_id = {itemId:String}',
      { itemId },
    );
    return Number(rows[0]?.n ?? 0) > 0;
  }

  flush(): void {
    this.events.flush();
  }

  close(): Promise<void> {
    return this.events.close();
  }
}
