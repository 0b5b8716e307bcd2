import type { AnalyticsStore } from './analytics-store.port.js';

export interface LegacyTableRead {
  /** The table rows are written to now. */
  table: string;
  /**
   * The table a migration replaced: it copied the rows over, but replicas of the release before may go on
   * writing there during a rolling deploy. Read while it exists; once dropped, `table` alone.
   */
  legacy: string;
  /** A SELECT of the rows wanted from the table named, both tables having the columns it reads. */
  select: (table: string) => string;
  /** The column a row is kept once by (the rows copied over are in both tables). */
  oneRowPer: string;
}

/** A SELECT of `select` over the table and, while it exists, its legacy table: one row per `oneRowPer`. */
export async function withLegacyTable(store: AnalyticsStore, read: LegacyTableRead): Promise<string> {
  const legacy = await store.query<{ name: string }>(
    'SELECT name FROM system.tables WHERE database = currentDatabase() AND name = {name:String}',
    { name: read.legacy },
  );
  const rows =
    legacy.length > 0 ? `${read.select(read.table)} UNION ALL ${read.select(read.legacy)}` : read.select(read.table);
  return `SELECT * FROM (${rows}) LIMIT 1 BY ${read.oneRowPer}`;
}
