import { mkdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { ClickHouseLogLevel, createClient, type ClickHouseClient } from '@clickhouse/client';
import { createChdbConnection } from 'chdb/connection';
import { AnalyticsStoreError, toAnalyticsStoreError } from '../analytics-store.error.js';
import type { AnalyticsStore, EmbeddedStoreConfig, QueryParams, StoreHealth } from '../analytics-store.port.js';
import { compactEachRow, runCommand, runQuery, runQueryCompact, STORE_SETTINGS } from '../clickhouse-statements.js';
import { StatementWatch, statementLabel } from '../statement-watch.js';
import { chdbOpenError } from './chdb-open-error.js';
import { ConnectionPool } from './connection-pool.js';
import { InlineInserter, readColumns } from './inline-insert.js';
import { encodeRowBinaryInSlices } from './row-binary.js';
import { Spool } from './spool-file.js';

const DEFAULT_CONNECTIONS = 4;
const DEFAULT_STATEMENT_TIMEOUT_MS = 60_000;

/** An INSERT with no SELECT carries its rows as external data, which chdb probes stdin for. */
function insertsExternalData(sql: string): boolean {
  const statement = sql.replace(/^(\s|--[^\n]*\n|\/\*[\s\S]*?\*\/)*/, '');
  return /^INSERT\b/i.test(statement) && !/\bSELECT\b/i.test(statement);
}

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
  private readonly watch: StatementWatch;
  private readonly inserter = new InlineInserter((table) =>
    this.run(`columns of ${table}`, (client) => readColumns(client, table)),
  );
  /** Insert files for the engine to read; stale ones of killed processes are removed at start. */
  private readonly spool = new Spool();

  constructor(config: Omit<EmbeddedStoreConfig, 'mode'>) {
    this.directory = path.resolve(config.path);
    mkdirSync(this.directory, { recursive: true });
    this.watch = new StatementWatch(config.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS);
    this.pool = new ConnectionPool(
      () => this.openClient(),
      (client) => client.close(),
      config.connections ?? DEFAULT_CONNECTIONS,
      () => new AnalyticsStoreError(`analytics store on ${this.directory} is closed`),
    );
  }

  async command(sql: string, params?: QueryParams): Promise<void> {
    const statement = statementLabel('command', sql);
    if (insertsExternalData(sql)) {
      throw new AnalyticsStoreError(
        `${statement}: INSERT … VALUES/FORMAT would make chdb read this process's standard input; use insert()`,
      );
    }
    try {
      await this.run(statement, (client) => runCommand(client, sql, params));
    } finally {
      this.inserter.forget();
    }
  }

  async insert<T extends object>(table: string, rows: readonly T[]): Promise<void> {
    if (rows.length === 0) return;
    const shape = await this.inserter.wholeRowShape(table);
    await this.run(`insert into ${table} (${rows.length} rows)`, (client) => this.inserter.insert(client, shape, rows));
  }

  /**
   * Rows as RowBinary in a file of the spool directory, read by `INSERT … SELECT … FROM file()`
   * (the cheapest form per row for both sides); rows with a column type or a value RowBinary is
   * not offered for, or a file that cannot be written, go as JSONCompactEachRow text inline.
   * Neither makes chdb probe standard input. The rows are encoded a few milliseconds at a time (a large batch
   * does not hold up the thread's other work, e.g. a service's requests) and the file written before a connection
   * is taken, so the pool lends it for the statement alone.
   */
  async insertCompact(table: string, columns: readonly string[], rows: readonly (readonly unknown[])[]): Promise<void> {
    if (rows.length === 0) return;
    const shape = await this.inserter.shape(table, columns);
    const binary = shape.writers && (await encodeRowBinaryInSlices(rows, shape.writers));
    const file = binary && (await this.spool.write(binary));
    const statement = `insert into ${table} (${rows.length} rows)`;
    if (!file) {
      const data = compactEachRow(rows);
      await this.run(statement, (client) => this.inserter.insertCompact(client, shape, data));
      return;
    }
    try {
      await this.run(statement, (client) => this.inserter.insertRowBinaryFile(client, shape, file));
    } finally {
      await rm(file, { force: true });
    }
  }

  query<T>(sql: string, params?: QueryParams): Promise<T[]> {
    return this.select(sql, (client) => runQuery<T>(client, sql, params));
  }

  queryCompact<T extends readonly unknown[]>(sql: string, params?: QueryParams): Promise<T[]> {
    return this.select(sql, (client) => runQueryCompact<T>(client, sql, params));
  }

  ping(): Promise<void> {
    return this.run('ping', async (client) => {
      const result = await client.ping();
      if (!result.success) throw toAnalyticsStoreError(result.error, `ping of chdb at ${this.directory}`);
    });
  }

  health(): StoreHealth {
    return this.watch.health();
  }

  close(): Promise<void> {
    return this.pool.close();
  }

  private select<R>(sql: string, read: (client: ClickHouseClient) => Promise<R>): Promise<R> {
    const statement = statementLabel('query', sql);
    if (insertsExternalData(sql)) {
      return Promise.reject(new AnalyticsStoreError(`${statement}: an INSERT is not a query; use insert()`));
    }
    return this.run(statement, read);
  }

  private run<R>(statement: string, work: (client: ClickHouseClient) => Promise<R>): Promise<R> {
    return this.watch.run(statement, () => this.pool.use(work));
  }

  private openClient(): ClickHouseClient {
    let connection: ReturnType<typeof createChdbConnection>;
    try {
      connection = createChdbConnection({ path: this.directory });
    } catch (error) {
      throw chdbOpenError(this.directory, error);
    }
    return createClient({
      // chdb types its connection against its own copy of @clickhouse/client-common; the shapes
      // match, the declarations differ in small details (settings' literal types).
      connection: connection as unknown as ClientConnection,
      clickhouse_settings: STORE_SETTINGS,
      log: { level: ClickHouseLogLevel.OFF },
    });
  }
}
