import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { ClickHouseLogLevel, createClient, type ClickHouseClient } from '@clickhouse/client';
import { createChdbConnection } from 'chdb/connection';
import { AnalyticsStoreError, toAnalyticsStoreError } from '../analytics-store.error.js';
import type { AnalyticsStore, EmbeddedStoreConfig, QueryParams } from '../analytics-store.port.js';
import { compactEachRow, runCommand, runInsert, runQuery, STORE_SETTINGS } from '../clickhouse-statements.js';
import { chdbOpenError } from './chdb-open-error.js';
import { ConnectionPool } from './connection-pool.js';

const DEFAULT_CONNECTIONS = 4;

type ClientConnection = NonNullable<NonNullable<Parameters<typeof createClient>[0]>['connection']>;

/**
 * ClickHouse in this process (chdb) through @clickhouse/client. The data directory is
 * opened (and locked) when the store is created, so a directory held by another process
 * fails here, at start-up. One instance serves every service in the process.
 */
export class ChdbAnalyticsStore implements AnalyticsStore {
  readonly kind = 'embedded' as const;
  readonly directory: string;
  private readonly pool: ConnectionPool<ClickHouseClient>;
  /** The chdb connection under each pooled client, for chdb's own (cheaper) insert. */
  private readonly connections = new WeakMap<ClickHouseClient, ReturnType<typeof createChdbConnection>>();

  constructor(config: Omit<EmbeddedStoreConfig, 'mode'>) {
    this.directory = path.resolve(config.path);
    mkdirSync(this.directory, { recursive: true });
    this.pool = new ConnectionPool(
      () => this.openClient(),
      (client) => client.close(),
      config.connections ?? DEFAULT_CONNECTIONS,
      () => new AnalyticsStoreError(`analytics store on ${this.directory} is closed`),
    );
  }

  command(sql: string, params?: QueryParams): Promise<void> {
    return this.run('command', (client) => runCommand(client, sql, params));
  }

  async insert<T extends object>(table: string, rows: readonly T[]): Promise<void> {
    if (rows.length === 0) return;
    await this.run(`insert into ${table}`, (client) => runInsert(client, table, rows));
  }

  /** chdb's raw insert: the JSONCompactEachRow text is parsed by the engine, no JS objects per row. */
  async insertCompact(table: string, columns: readonly string[], rows: readonly (readonly unknown[])[]): Promise<void> {
    if (rows.length === 0) return;
    const values = Buffer.from(compactEachRow(rows));
    await this.run(`insert into ${table}`, async (client) => {
      const connection = this.connections.get(client);
      if (!connection) throw new AnalyticsStoreError(`no chdb connection behind the client of ${this.directory}`);
      await connection.chdb.rawInsert({
        table,
        values,
        format: 'JSONCompactEachRow',
        columns,
        settings: { date_time_input_format: 'best_effort' },
      });
    });
  }

  query<T>(sql: string, params?: QueryParams): Promise<T[]> {
    return this.run('query', (client) => runQuery<T>(client, sql, params));
  }

  async ping(): Promise<void> {
    const result = await this.run('ping', (client) => client.ping());
    if (!result.success) throw toAnalyticsStoreError(result.error, `ping of chdb at ${this.directory}`);
  }

  close(): Promise<void> {
    return this.pool.close();
  }

  private async run<R>(action: string, work: (client: ClickHouseClient) => Promise<R>): Promise<R> {
    try {
      return await this.pool.use(work);
    } catch (error) {
      throw toAnalyticsStoreError(error, action);
    }
  }

  private openClient(): ClickHouseClient {
    let connection: ReturnType<typeof createChdbConnection>;
    try {
      connection = createChdbConnection({ path: this.directory });
    } catch (error) {
      throw chdbOpenError(this.directory, error);
    }
    const client = createClient({
      // chdb types its connection against its own copy of @clickhouse/client-common; the shapes
      // match, the declarations differ in small details (settings' literal types).
      connection: connection as unknown as ClientConnection,
      clickhouse_settings: STORE_SETTINGS,
      log: { level: ClickHouseLogLevel.OFF },
    });
    this.connections.set(client, connection);
    return client;
  }
}
