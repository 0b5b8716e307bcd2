import type { AnalyticsStore } from '@demand/analytics-store';
import { EVENTS_TABLE } from './clickhouse-event-store.adapter.js';

/**
 * Every materialized view over clean_events, by name; its target table is the name without `_mv`.
 * (Migration 007 dropped the user-side and session views: those features read clean_events itself.)
 */
export const AGGREGATE_VIEWS = ['item_hourly_mv', 'user_texts_mv'] as const;

export interface BackfillProgress {
  view: string;
  /** Month partition of clean_events, YYYYMM. */
  partition: string;
  /** Partitions done so far over all views, and in all. */
  done: number;
  total: number;
  rows: number;
}

export interface BackfillOptions {
  /** Views to fill (default: all of AGGREGATE_VIEWS). */
  views?: readonly string[];
  /** Only months from this one (YYYYMM, inclusive). */
  fromMonth?: string;
  onProgress?(progress: BackfillProgress): void;
}

/**
 * Fills aggregate tables from the raw events, month by month, through each view's own SELECT
 * (read from the engine, so it is exactly what the streaming path runs). Every aggregate
 * state is idempotent (exact-distinct over event ids, max, sets), so this runs on live
 * tables while events keep streaming in: what is already there stays the same, what is
 * missing (a view added later, a lost insert) is filled. Running it twice changes nothing.
 */
export async function backfillAggregates(store: AnalyticsStore, options: BackfillOptions = {}): Promise<number> {
  const views = options.views ?? AGGREGATE_VIEWS;
  const unknown = views.filter((v) => !(AGGREGATE_VIEWS as readonly string[]).includes(v));
  if (unknown.length > 0) throw new Error(`unknown aggregate views: ${unknown.join(', ')}`);
  const selects = new Map<string, string>();
  for (const view of views) {
    const rows = await store.query<{ as_select: string }>(
      'SELECT as_select FROM system.tables WHERE database = currentDatabase() AND name = {view:String}',
      { view },
    );
    if (!rows[0]) throw new Error(`view ${view} does not exist; run the aggregator's migrations first`);
    selects.set(view, rows[0].as_select);
  }
  const partitions = (
    await store.query<{ partition: string; rows: number }>(
      `SELECT partition, sum(rows) AS rows FROM system.parts
       WHERE database = currentDatabase() AND table = {table:String} AND active
       GROUP BY partition ORDER BY partition`,
      { table: EVENTS_TABLE },
    )
  ).filter((p) => !options.fromMonth || p.partition >= options.fromMonth);
  const total = partitions.length * views.length;
  let done = 0;
  let rows = 0;
  for (const { partition, rows: partitionRows } of partitions) {
    if (!/^\d{6}$/.test(partition)) throw new Error(`unexpected partition ${partition} of ${EVENTS_TABLE}`);
    for (const view of views) {
      const select = monthOnly(selects.get(view)!, partition);
      await store.command(`INSERT INTO ${view.replace(/_mv$/, '')} ${select}`);
      done += 1;
      rows += Number(partitionRows);
      options.onProgress?.({ view, partition, done, total, rows: Number(partitionRows) });
    }
  }
  return rows;
}

/** The view's SELECT reading one month of clean_events. */
function monthOnly(select: string, month: string): string {
  const from = new RegExp(`FROM\\s+(?:\`?\\w+\`?\\.)?\`?${EVENTS_TABLE}\`?(?=\\s|$)`);
  if (!from.test(select)) throw new Error(`cannot find FROM ${EVENTS_TABLE} in: ${select}`);
  return select.replace(from, `FROM (SELECT * FROM ${EVENTS_TABLE} WHERE toYYYYMM(occurred_at) = ${month})`);
}
