import type { ClickHouseClient } from '@clickhouse/client';
import { AnalyticsStoreError } from '../analytics-store.error.js';
import { rowBinaryWriter, type ValueWriter } from './row-binary.js';

/**
 * Inserts for chdb that never make the engine look at the process's standard input.
 *
 * chdb runs every `INSERT … FORMAT/VALUES` with its data (inline, chdb's own insert API or
 * @clickhouse/client's insert alike) through clickhouse-local's client code, which first
 * probes fd 0 for more rows: it switches stdin to non-blocking, reads up to 1 MiB, and
 * switches it back. Concurrent inserts race on those flags (one restores blocking mode while
 * another is about to read), and then a read of an open, idle stdin blocks forever; when stdin
 * holds data, the data is taken as rows of the insert (or the insert fails with code 48).
 * `INSERT … SELECT` has no external data, so it is never probed: the rows travel as a string
 * literal read by the `format()` table function, with the table's own column types and
 * defaults as its structure.
 */

interface Column {
  name: string;
  type: string;
  default_kind: string;
  default_expression: string;
}

const TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/;
/** Column kinds an INSERT cannot write. */
const COMPUTED = new Set(['MATERIALIZED', 'ALIAS']);
/** The rows are one SQL literal; raise the parser's 256 KiB default so large batches fit. */
const MAX_STATEMENT_BYTES = 2 ** 30;

/** A ClickHouse string literal: backslash and quote escaped, everything else verbatim. */
function stringLiteral(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function identifier(name: string): string {
  return `\`${name.replace(/\\/g, '\\\\').replace(/`/g, '\\`')}\``;
}

/**
 * Writes rows as JSONEachRow through `INSERT … SELECT … FROM format(…)`. Table structures are
 * read from system.columns once and kept until `forget()` (call it after DDL).
 */
export class InlineInserter {
  private readonly structures = new Map<string, Promise<Column[]>>();

  async insert(client: ClickHouseClient, table: string, rows: readonly object[]): Promise<void> {
    if (!TABLE_NAME.test(table)) throw new AnalyticsStoreError(`insert: ${JSON.stringify(table)} is not a table name`);
    const columns = await this.columnsOf(client, table);
    const names = columns.map((column) => identifier(column.name)).join(', ');
    const structure = columns
      .map((column) => {
        const declared = `${identifier(column.name)} ${column.type}`;
        return column.default_kind === ''
          ? declared
          : `${declared} ${column.default_kind} ${column.default_expression}`;
      })
      .join(', ');
    const data = rows.map((row) => JSON.stringify(row)).join('\n');
    await client.command({
      query: `INSERT INTO ${table} (${names}) SELECT ${names} FROM format(JSONEachRow, ${stringLiteral(structure)}, ${stringLiteral(data)})`,
      clickhouse_settings: { max_query_size: String(MAX_STATEMENT_BYTES) },
    });
  }

  /**
   * Writes `data` (JSONCompactEachRow lines: one array of values per row, in `columns`' order)
   * the same way; the engine parses the text, with no JavaScript object per row.
   */
  async insertCompact(
    client: ClickHouseClient,
    table: string,
    columns: readonly string[],
    data: string,
  ): Promise<void> {
    const { names, structure } = await this.selectedColumns(client, table, columns);
    await client.command({
      query: `INSERT INTO ${table} (${names}) SELECT ${names} FROM format(JSONCompactEachRow, ${stringLiteral(structure)}, ${stringLiteral(data)})`,
      clickhouse_settings: { max_query_size: String(MAX_STATEMENT_BYTES), date_time_input_format: 'best_effort' },
    });
  }

  /**
   * Writes the RowBinary file `file` (rows of `columns`, as `rowBinaryWriters` encoded them)
   * through `INSERT … SELECT … FROM file()`: no rows in the statement, nothing read from stdin.
   */
  async insertRowBinaryFile(
    client: ClickHouseClient,
    table: string,
    columns: readonly string[],
    file: string,
  ): Promise<void> {
    const { names, structure } = await this.selectedColumns(client, table, columns);
    await client.command({
      query: `INSERT INTO ${table} (${names}) SELECT ${names} FROM file(${stringLiteral(file)}, RowBinary, ${stringLiteral(structure)})`,
    });
  }

  /** RowBinary writers for `columns` of `table`, or undefined when a column's type has none. */
  async rowBinaryWriters(
    client: ClickHouseClient,
    table: string,
    columns: readonly string[],
  ): Promise<ValueWriter[] | undefined> {
    const { types } = await this.selectedColumns(client, table, columns);
    const writers = types.map(rowBinaryWriter);
    return writers.every((writer) => writer !== undefined) ? (writers as ValueWriter[]) : undefined;
  }

  private async selectedColumns(
    client: ClickHouseClient,
    table: string,
    columns: readonly string[],
  ): Promise<{ names: string; structure: string; types: string[] }> {
    if (!TABLE_NAME.test(table)) throw new AnalyticsStoreError(`insert: ${JSON.stringify(table)} is not a table name`);
    const known = new Map((await this.columnsOf(client, table)).map((column) => [column.name, column]));
    const types = columns.map((name) => {
      const column = known.get(name);
      if (!column) throw new AnalyticsStoreError(`insert: table ${table} has no insertable column ${name}`);
      return column.type;
    });
    return {
      names: columns.map(identifier).join(', '),
      structure: columns.map((name, i) => `${identifier(name)} ${types[i]}`).join(', '),
      types,
    };
  }

  forget(): void {
    this.structures.clear();
  }

  private columnsOf(client: ClickHouseClient, table: string): Promise<Column[]> {
    let known = this.structures.get(table);
    if (!known) {
      known = readColumns(client, table);
      this.structures.set(table, known);
      known.catch(() => this.structures.delete(table));
    }
    return known;
  }
}

async function readColumns(client: ClickHouseClient, table: string): Promise<Column[]> {
  const [database, name] = table.includes('.') ? table.split('.') : [undefined, table];
  const result = await client.query({
    query:
      'SELECT name, type, default_kind, default_expression FROM system.columns ' +
      `WHERE database = ${database === undefined ? 'currentDatabase()' : '{database:String}'} AND table = {table:String} ` +
      'ORDER BY position',
    query_params: database === undefined ? { table: name } : { database, table: name },
    format: 'JSONEachRow',
  });
  const columns = (await result.json<Column>()).filter((column) => !COMPUTED.has(column.default_kind));
  if (columns.length === 0) {
    throw new AnalyticsStoreError(`insert: table ${table} does not exist (or has no insertable columns)`, {
      code: '60',
      type: 'UNKNOWN_TABLE',
    });
  }
  return columns;
}
