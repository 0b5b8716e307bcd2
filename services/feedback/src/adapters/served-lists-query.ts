import { type AnalyticsStore, withLegacyTable } from '@demand/analytics-store';

/** Columns both shapes of served_lists have, typed as feedback_served_lists types them. */
const COLUMNS = `recommendation_id, user_id, toUnixTimestamp64Milli(served_at) AS at, method, page, arm,
  toString(model_version) AS model_version, toUInt8(cold_start) AS cold_start, item_ids, scores`;

/**
 * The served lists of a window (`{from}`/`{to}` through `between`), one row per recommendation id:
 * feedback_served_lists and, while it exists, the served_lists migration 002 replaced (it copied those
 * lists, and replicas of the release before may still log there). This release only; the next drops it.
 */
export function servedListsQuery(store: AnalyticsStore, between: (column: string) => string): Promise<string> {
  return withLegacyTable(store, {
    table: 'feedback_served_lists',
    legacy: 'served_lists',
    select: (table) => `SELECT ${COLUMNS} FROM ${table} WHERE ${between('served_at')}`,
    oneRowPer: 'recommendation_id',
  });
}
