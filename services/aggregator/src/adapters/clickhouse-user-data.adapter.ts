import type { AnalyticsStore } from '@demand/analytics-store';
import type { ExportedRows, TableRows, UserDataStore } from '../ports/user-data-store.port.js';

interface TableColumns {
  table: string;
  columns: string[];
  userColumn: boolean;
  sessionColumn: boolean;
}

/** Where a user's sessions are named, so that the session tables (no user column) can be cleared too. */
const EVENTS_TABLE = 'clean_events';

/**
 * The tables are found from the schema, not listed here: every MergeTree table with a
 * `user_id` column, and every one with a `session_id` column but no `user_id` (session
 * co-occurrence), matched by the user's session ids. A table added by a later migration is
 * covered without a change here. Deletes are mutations that rewrite the parts
 * (`mutations_sync = 2`: the call returns once the rows are gone from disk, on every replica).
 */
export class ClickHouseUserData implements UserDataStore {
  constructor(private readonly store: AnalyticsStore) {}

  async deleteUsers(userIds: readonly string[]): Promise<TableRows[]> {
    const tables = await this.tables();
    const sessions = await this.sessionsOf(userIds);
    const removed: TableRows[] = [];
    // Session tables first: their rows are found through the events, which go next.
    for (const t of [...tables].sort((a, b) => Number(a.userColumn) - Number(b.userColumn))) {
      const where = this.condition(t);
      const params = { users: [...userIds], sessions };
      const [count] = await this.store.query<{ rows: number }>(
        `SELECT count() AS rows FROM \`${t.table}\` WHERE ${where}`,
        params,
      );
      const rows = Number(count?.rows ?? 0);
      if (rows > 0) {
        await this.store.command(
          `ALTER TABLE \`${t.table}\` DELETE WHERE ${where} SETTINGS mutations_sync = 2`,
          params,
        );
      }
      removed.push({ table: t.table, rows });
    }
    return removed;
  }

  async exportUsers(userIds: readonly string[]): Promise<ExportedRows[]> {
    const tables = await this.tables();
    const sessions = await this.sessionsOf(userIds);
    const exported: ExportedRows[] = [];
    for (const t of tables) {
      const columns = t.columns.map((c) => `\`${c}\``).join(', ');
      const rows = await this.store.query<Record<string, unknown>>(
        `SELECT ${columns} FROM \`${t.table}\` WHERE ${this.condition(t)}`,
        { users: [...userIds], sessions },
      );
      exported.push({ table: t.table, rows });
    }
    return exported;
  }

  private condition(t: TableColumns): string {
    return t.userColumn ? 'user_id IN {users:Array(String)}' : 'session_id IN {sessions:Array(String)}';
  }

  private async sessionsOf(userIds: readonly string[]): Promise<string[]> {
    const rows = await this.store.query<{ session_id: string }>(
      `SELECT DISTINCT session_id FROM ${EVENTS_TABLE} WHERE user_id IN {users:Array(String)} AND session_id != ''`,
      { users: [...userIds] },
    );
    return rows.map((r) => r.session_id);
  }

  /** Stored tables with a user or session column; readable columns only (aggregate states are binary). */
  private async tables(): Promise<TableColumns[]> {
    const rows = await this.store.query<{ table: string; columns: string[]; user: number; session: number }>(
      `SELECT c.table AS table,
              groupArrayIf(c.name, NOT startsWith(c.type, 'AggregateFunction')) AS columns,
              max(c.name = 'user_id') AS user,
              max(c.name = 'session_id') AS session
         FROM system.columns AS c
         INNER JOIN system.tables AS t ON t.database = c.database AND t.name = c.table
        WHERE c.database = currentDatabase() AND t.engine LIKE '%MergeTree'
        GROUP BY c.table
       HAVING user OR session
        ORDER BY c.table`,
    );
    return rows.map((r) => ({
      table: r.table,
      columns: [...r.columns],
      userColumn: Number(r.user) === 1,
      sessionColumn: Number(r.session) === 1,
    }));
  }
}
