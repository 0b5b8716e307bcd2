import type { ClickHouseClient, ClickHouseSettings } from '@clickhouse/client';
import type { QueryParams } from './analytics-store.port.js';

/**
 * Settings sent with every statement, on both adapters, so results read the same everywhere:
 * 64-bit integers as JSON numbers (not quoted strings), DateTime as ISO 8601 in UTC (which
 * `new Date()` parses without guessing a time zone), and ISO 8601 accepted on input.
 */
export const STORE_SETTINGS: ClickHouseSettings = {
  output_format_json_quote_64bit_integers: 0,
  date_time_output_format: 'iso',
  date_time_input_format: 'best_effort',
};

/**
 * Sent with the stores' inserts: the engine refuses an insert whose rows span more than 100
 * partitions (a guard against a mistaken partition key), and a gathered batch of an unsorted
 * history import spans many months of a `toYYYYMM` key (read again forever). Lifted: each
 * partition gets its own part either way, as it would from inserts split per month.
 */
export const ANY_PARTITION_COUNT: ClickHouseSettings = { max_partitions_per_insert_block: '0' };

/**
 * The two engines bind a `Date` differently (chdb drops the milliseconds), so it is sent as
 * the HTTP client would send it: a Unix timestamp, with `.mmm` only when there are
 * milliseconds (a DateTime placeholder takes whole seconds only, DateTime64 takes both).
 */
function bindable(value: unknown): unknown {
  if (value instanceof Date) {
    const ms = value.getTime();
    if (Number.isNaN(ms)) throw new TypeError('query parameter is an invalid Date');
    const seconds = String(Math.floor(ms / 1000));
    const millis = ((ms % 1000) + 1000) % 1000;
    return millis === 0 ? seconds : `${seconds}.${String(millis).padStart(3, '0')}`;
  }
  if (Array.isArray(value)) return value.map(bindable);
  return value;
}

export function bindableParams(params: QueryParams | undefined): QueryParams | undefined {
  if (params === undefined) return undefined;
  return Object.fromEntries(Object.entries(params).map(([name, value]) => [name, bindable(value)]));
}

/** The client appends `FORMAT …` to a query, which a trailing `;` would break. */
function withoutTrailingSemicolon(sql: string): string {
  return sql.trim().replace(/;\s*$/, '');
}

/** Statement helpers over one client; `queryId` lets the server adapter follow its requests. */
export async function runCommand(
  client: ClickHouseClient,
  sql: string,
  params: QueryParams | undefined,
  queryId?: string,
): Promise<void> {
  const query_params = bindableParams(params);
  await client.command({
    query: withoutTrailingSemicolon(sql),
    ...(query_params === undefined ? {} : { query_params }),
    ...(queryId === undefined ? {} : { query_id: queryId }),
  });
}

export async function runInsert(
  client: ClickHouseClient,
  table: string,
  rows: readonly object[],
  queryId?: string,
  settings?: ClickHouseSettings,
): Promise<void> {
  await client.insert({
    table,
    values: rows as object[],
    format: 'JSONEachRow',
    ...(queryId === undefined ? {} : { query_id: queryId }),
    ...(settings === undefined ? {} : { clickhouse_settings: settings }),
  });
}

/** Rows as JSONCompactEachRow text: one JSON array per line. */
export function compactEachRow(rows: readonly (readonly unknown[])[]): string {
  let text = '';
  for (const row of rows) text += `${JSON.stringify(row)}\n`;
  return text;
}

export async function runInsertCompact(
  client: ClickHouseClient,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
  queryId?: string,
  settings?: ClickHouseSettings,
): Promise<void> {
  await client.insert({
    table,
    values: rows as unknown[][],
    columns: columns as [string, ...string[]],
    format: 'JSONCompactEachRow',
    ...(queryId === undefined ? {} : { query_id: queryId }),
    ...(settings === undefined ? {} : { clickhouse_settings: settings }),
  });
}

/** A SELECT's result in `format`, unread. */
async function select(
  client: ClickHouseClient,
  sql: string,
  params: QueryParams | undefined,
  format: 'JSONEachRow' | 'JSONCompactEachRow',
  queryId: string | undefined,
) {
  const query_params = bindableParams(params);
  return client.query({
    query: withoutTrailingSemicolon(sql),
    format,
    ...(query_params === undefined ? {} : { query_params }),
    ...(queryId === undefined ? {} : { query_id: queryId }),
  });
}

export async function runQuery<T>(
  client: ClickHouseClient,
  sql: string,
  params: QueryParams | undefined,
  queryId?: string,
): Promise<T[]> {
  return (await select(client, sql, params, 'JSONEachRow', queryId)).json<T>();
}

/**
 * A SELECT's rows as arrays, values in the SELECT's column order (JSONCompactEachRow): the engine writes
 * no key names per row. Read through the client's row stream, as `json()` reads (which turns an exception
 * the server sends after the first rows, tagged from 25.11 on, into an error with its code), each line
 * parsed here with `JSON.parse` (cheaper than the client's `json()`, which wraps every row).
 */
export async function runQueryCompact<T extends readonly unknown[]>(
  client: ClickHouseClient,
  sql: string,
  params: QueryParams | undefined,
  queryId?: string,
): Promise<T[]> {
  const rows: T[] = [];
  for await (const chunk of (await select(client, sql, params, 'JSONCompactEachRow', queryId)).stream()) {
    for (const row of chunk as readonly { text: string }[]) rows.push(JSON.parse(row.text) as T);
  }
  return rows;
}
