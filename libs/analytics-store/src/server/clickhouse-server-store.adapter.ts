import { randomUUID } from 'node:crypto';
import { ClickHouseLogLevel, createClient, type ClickHouseClient } from '@clickhouse/client';
import { AnalyticsStoreError, toAnalyticsStoreError } from '../analytics-store.error.js';
import type { AnalyticsStore, QueryParams, ServerStoreConfig, StoreHealth } from '../analytics-store.port.js';
import {
  runCommand,
  runInsert,
  runInsertCompact,
  runQuery,
  runQueryCompact,
  STORE_SETTINGS,
} from '../clickhouse-statements.js';
import { StatementWatch } from '../statement-watch.js';
import { HttpStatusRecorder } from './http-status-recorder.js';
import { InsertSettings, PARTITION_LIMIT_PROBE } from './insert-settings.js';

const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/** A ClickHouse server (or cluster behind a load balancer) over its HTTP interface. */
export class ClickHouseServerStore implements AnalyticsStore {
  readonly kind = 'server' as const;
  private readonly client: ClickHouseClient;
  private readonly statuses = new HttpStatusRecorder();
  private readonly origin: string;
  /** No time limit of its own: the client's request timeout bounds each call. */
  private readonly watch = new StatementWatch(undefined);
  private readonly insertSettings = new InsertSettings(
    async () => (await this.query(PARTITION_LIMIT_PROBE)).length > 0,
  );
  private closed = false;

  constructor(config: Omit<ServerStoreConfig, 'mode'>) {
    this.origin = new URL(config.url).origin;
    this.client = createClient({
      url: config.url,
      ...(config.username === undefined ? {} : { username: config.username }),
      ...(config.password === undefined ? {} : { password: config.password }),
      ...(config.database === undefined ? {} : { database: config.database }),
      request_timeout: config.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      clickhouse_settings: STORE_SETTINGS,
      log: { level: ClickHouseLogLevel.OFF },
    });
  }

  command(sql: string, params?: QueryParams): Promise<void> {
    return this.request('command', (queryId) => runCommand(this.client, sql, params, queryId));
  }

  async insert<T extends object>(table: string, rows: readonly T[]): Promise<void> {
    if (rows.length === 0) return;
    const settings = await this.insertSettings.get();
    await this.request(`insert into ${table}`, (queryId) => runInsert(this.client, table, rows, queryId, settings));
  }

  async insertCompact(table: string, columns: readonly string[], rows: readonly (readonly unknown[])[]): Promise<void> {
    if (rows.length === 0) return;
    const settings = await this.insertSettings.get();
    await this.request(`insert into ${table}`, (queryId) =>
      runInsertCompact(this.client, table, columns, rows, queryId, settings),
    );
  }

  query<T>(sql: string, params?: QueryParams): Promise<T[]> {
    return this.request('query', (queryId) => runQuery<T>(this.client, sql, params, queryId));
  }

  queryCompact<T extends readonly unknown[]>(sql: string, params?: QueryParams): Promise<T[]> {
    return this.request('query', (queryId) => runQueryCompact<T>(this.client, sql, params, queryId));
  }

  async ping(): Promise<void> {
    this.assertOpen();
    await this.watch.run('ping', () => this.pingOnce());
  }

  health(): StoreHealth {
    return this.watch.health();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.statuses.stop();
    await this.client.close();
  }

  private async request<R>(action: string, send: (queryId: string) => Promise<R>): Promise<R> {
    this.assertOpen();
    const queryId = randomUUID();
    return await this.watch.run(action, () =>
      this.statuses.follow(
        queryId,
        () => send(queryId),
        (error, status) => toAnalyticsStoreError(error, `${action} on ${this.origin}`, status),
      ),
    );
  }

  private async pingOnce(): Promise<void> {
    const result = await this.client.ping();
    if (!result.success) {
      const failure = toAnalyticsStoreError(result.error, `ping of ClickHouse at ${this.origin}`);
      // Whatever the reason, a server that does not answer its ping is down for now.
      throw new AnalyticsStoreError(failure.message, {
        transient: true,
        code: failure.code,
        type: failure.type,
        httpStatus: failure.httpStatus,
        cause: result.error,
      });
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new AnalyticsStoreError(`analytics store on ${this.origin} is closed`);
  }
}
