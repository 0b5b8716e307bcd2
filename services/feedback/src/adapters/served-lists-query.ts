import type { AnalyticsStore } from '@demand/analytics-store';

/**
 * The table the feedback service (and the recommender) logged lists to before migration 002, which
 * replicas of the release before still write during a rolling deploy. Read beside
 * feedback_served_lists for this one release; the next drops it.
 */
const LEGACY_SERVED_LISTS = 'served_lists';

/** Columns both shapes of served_lists have, typed as feedback_served_lists types them. */
const COLUMNS = `recommendation_id, user_id, toUnixTimestamp64Milli(served_at) AS at, method, page, arm,
  toString(model_version) AS model_version, toUInt8(cold_start) AS cold_start, item_ids, scores`;

/**
 * The served lists of a window (`{from}`/`{to}` through `between`), one row per recommendation id:
 * feedback_served_lists and, while it exists, the legacy served_lists, whose rows migration 002
 * copied (those lists are in both) and old replicas may have added since.
 */
export async function servedListsQuery(store: AnalyticsStore, between: (column: string) => string): Promise<string> {
  const legacy = await store.query<{ name: string }>(
    'SELECT name FROM system.tables WHERE database = currentDatabase() AND name = {name:String}',
    { name: LEGACY_SERVED_LISTS },
  );
  const inWindow = (table: string) => `SELECT ${COLUMNS} FROM ${table} WHERE ${between('served_at')}`;
  const lists =
    legacy.length > 0
      ? `${inWindow('feedback_served_lists')} UNION ALL ${inWindow(LEGACY_SERVED_LISTS)}`
      : inWindow('feedback_served_lists');
  return `SELECT * FROM (${lists}) LIMIT 1 BY recommendation_id`;
}
