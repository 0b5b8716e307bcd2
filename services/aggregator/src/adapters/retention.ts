import type { AnalyticsStore } from '@demand/analytics-store';

export interface RetentionDays {
  raw: number;
  features: number;
  sessions: number;
}

/** Table groups and the time column their TTL counts from. */
const GROUPS: { group: keyof RetentionDays; table: string; column: string }[] = [
  { group: 'raw', table: 'clean_events', column: 'occurred_at' },
  { group: 'features', table: 'item_hourly', column: 'hour' },
  { group: 'features', table: 'user_hourly', column: 'hour' },
  { group: 'features', table: 'user_item_state', column: 'greatest(last_view, last_cart, last_remove, last_purchase)' },
  { group: 'features', table: 'user_purchases', column: 'occurred_at' },
  { group: 'features', table: 'user_texts', column: 'occurred_at' },
  { group: 'sessions', table: 'session_items', column: 'day' },
  { group: 'sessions', table: 'item_sessions', column: 'day' },
];

/**
 * Sets each table's TTL from the configuration. Only the metadata changes
 * (materialize_ttl_after_modify = 0): parts past the TTL go at their next merge, nothing is
 * rewritten at start-up. Idempotent, safe for several replicas starting together.
 */
export async function applyRetention(store: AnalyticsStore, days: RetentionDays): Promise<void> {
  for (const { group, table, column } of GROUPS) {
    const ttl = `toDateTime(${column}) + toIntervalDay(${Math.floor(days[group])})`;
    await store.command(`ALTER TABLE ${table} MODIFY TTL ${ttl} SETTINGS materialize_ttl_after_modify = 0`);
  }
}
