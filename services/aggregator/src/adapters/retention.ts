import type { AnalyticsStore } from '@demand/analytics-store';

export interface RetentionDays {
  raw: number;
  features: number;
}

/**
 * Table groups and the time column their TTL counts from. A `rollUp` table does not lose its expired
 * rows: they merge into one row per key holding the latest of them (TTL … GROUP BY … SET).
 */
const GROUPS: { group: keyof RetentionDays; table: string; column: string; rollUp?: string }[] = [
  { group: 'raw', table: 'clean_events', column: 'occurred_at' },
  // An item's stock level at the retention edge must survive it, or a long sold-out item would read as in stock.
  {
    group: 'raw',
    table: 'item_stock_history',
    column: 'updated_at',
    rollUp: 'GROUP BY item_id SET updated_at = max(updated_at), stock = argMax(stock, updated_at)',
  },
  { group: 'features', table: 'item_hourly', column: 'hour' },
  { group: 'features', table: 'user_texts', column: 'occurred_at' },
];

/**
 * Sets each table's TTL from the configuration. Only the metadata changes
 * (materialize_ttl_after_modify = 0): parts past the TTL go at their next merge, nothing is
 * rewritten at start-up. Idempotent, safe for several replicas starting together.
 */
export async function applyRetention(store: AnalyticsStore, days: RetentionDays): Promise<void> {
  for (const { group, table, column, rollUp } of GROUPS) {
    const ttl = `toDateTime(${column}) + toIntervalDay(${Math.floor(days[group])})${rollUp ? ` ${rollUp}` : ''}`;
    await store.command(`ALTER TABLE ${table} MODIFY TTL ${ttl} SETTINGS materialize_ttl_after_modify = 0`);
  }
}
