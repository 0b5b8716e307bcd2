import type { AnalyticsStore } from '@demand/analytics-store';
import type { RecsServed } from '@demand/contracts';
import type { Logger } from '@demand/telemetry';
import { BatchedServedLists } from './batched-served-lists.js';

const COLUMNS = [
  'recommendation_id',
  'user_id',
  'method',
  'page',
  'current_item_id',
  'item_ids',
  'scores',
  'cold_start',
  'arm',
  'model_version',
  'served_at',
] as const;

/** One recommender_served_lists row (migrations/002_recommender_served_lists.sql) per served list, in column order. */
export function servedListRow(s: RecsServed): unknown[] {
  return [
    s.recommendationId,
    s.userId,
    s.method,
    s.page,
    s.currentItemId,
    s.itemIds,
    s.scores,
    s.coldStart ? 1 : 0,
    s.arm,
    s.modelVersions.model ?? '',
    (s.servedAt ?? new Date(0)).toISOString(),
  ];
}

/** Served lists to the recommender's own recommender_served_lists table, batched like the topic's. */
export class ClickHouseServedLists extends BatchedServedLists {
  constructor(store: AnalyticsStore, logger: Logger, maxWaitMs = 1000, maxBatch = 5000) {
    super(
      {
        name: 'recommender_served_lists',
        send: (batch) => store.insertCompact('recommender_served_lists', COLUMNS, batch.map(servedListRow)),
      },
      logger,
      maxWaitMs,
      maxBatch,
    );
  }
}
