/** Query parameters bound to `{name:Type}` placeholders in the SQL text (never interpolated). */
export type QueryParams = Record<string, unknown>;

/**
 * The analytics store: ClickHouse SQL over an in-process engine or a server.
 *
 * Values read back by `query` (JSONEachRow): 64-bit integers are JSON numbers (exact up to
 * 2^53; cast with `toString(x)` when every digit matters), DateTime/DateTime64 are ISO 8601
 * strings in UTC (`2024-05-01T10:00:00.123Z`), Date is `YYYY-MM-DD`.
 * Values written by `insert`: DateTime columns accept ISO 8601 strings (`Date` objects are
 * sent as such) as well as `YYYY-MM-DD hh:mm:ss[.fff]`.
 *
 * Failures are thrown as `AnalyticsStoreError`; `transient: true` marks the ones worth
 * retrying (engine or server unreachable, timeouts, overload, a locked data directory).
 */
export interface AnalyticsStore {
  readonly kind: 'embedded' | 'server';
  /** Runs a statement that returns no rows (DDL, INSERT … SELECT, ALTER …). One statement per call. */
  command(sql: string, params?: QueryParams): Promise<void>;
  /** Inserts rows as JSONEachRow (one JSON object per row, keys are column names). Resolves once ClickHouse has accepted them; no-op for `[]`. */
  insert<T extends object>(table: string, rows: readonly T[]): Promise<void>;
  /**
   * Inserts positional rows (one array per row, values in `columns` order), with no JSON object
   * per row: in-process as RowBinary read from a spool file when every column's type has a
   * RowBinary writer (strings, integers, floats, DateTime64(3), LowCardinality and arrays of
   * those, when every value fits its column as such), else as JSONCompactEachRow text; on a
   * server as JSONCompactEachRow. One part per call; send tens of thousands of rows at a time.
   * No-op for `[]`. `rows` (and the arrays in them) must not change until the promise settles: they may be read
   * a slice at a time across turns of the event loop.
   */
  insertCompact(table: string, columns: readonly string[], rows: readonly (readonly unknown[])[]): Promise<void>;
  /** Runs a SELECT and returns its rows. */
  query<T>(sql: string, params?: QueryParams): Promise<T[]>;
  /**
   * `query` with each row as an array of its values in the SELECT's column order (JSONCompactEachRow,
   * the same value forms): no key names to write and parse per row, for reads of many rows.
   */
  queryCompact<T extends readonly unknown[]>(sql: string, params?: QueryParams): Promise<T[]>;
  /** Resolves when the engine or server answers; throws (transient) when it does not. */
  ping(): Promise<void>;
  /**
   * Whether the store looks able to serve now, without asking the engine: false while a call
   * is past its time limit, or after a transient failure until a call gets an answer again.
   */
  health(): StoreHealth;
  /** Waits for running calls to finish, then releases the engine or connections. Idempotent. */
  close(): Promise<void>;
}

export interface StoreHealth {
  healthy: boolean;
  /** What is wrong (the statement or the failure), or `ok`. */
  detail: string;
}

export interface EmbeddedStoreConfig {
  mode: 'embedded';
  /** The chdb data directory; one process at a time may hold it. */
  path: string;
  /** How many statements may run in parallel (each on its own chdb connection). Default 4. */
  connections?: number;
  /**
   * A call (waiting for a connection included) that has no answer after this long fails with
   * a transient AnalyticsStoreError naming the statement. Default 60 000.
   */
  statementTimeoutMs?: number;
}

export interface ServerStoreConfig {
  mode: 'server';
  /** ClickHouse HTTP(S) interface, e.g. `http://clickhouse:8123`. */
  url: string;
  username?: string;
  password?: string;
  database?: string;
  /** Per-request timeout; a request that runs longer fails as transient. Default 30 000. */
  requestTimeoutMs?: number;
}

export type AnalyticsStoreConfig = EmbeddedStoreConfig | ServerStoreConfig;
