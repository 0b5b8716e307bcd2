import type { ClickHouseClient } from '@clickhouse/client';
import { AnalyticsStoreError } from '../analytics-store.error.js';
import { ANY_PARTITION_COUNT } from '../clickhouse-statements.js';
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

export interface Column {
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

/** What an insert of some columns of a table needs, read from system.columns once per table. */
export interface InsertShape {
  readonly table: string;
  /** The columns, quoted and comma-separated. */
  readonly names: string;
  /** The columns with their types (and, for a whole row, their defaults), as `format()` takes it. */
  readonly structure: string;
  /** RowBinary writers of the columns, or undefined when a column's type has none. */
  readonly writers: readonly ValueWriter[] | undefined;
}

/**
 * Inserts through `INSERT … SELECT … FROM format()/file()`. Table structures are read from
 * system.columns by `readColumns` once and kept until `forget()` (call it after DDL); shapes are
 * looked up before a connection is taken, so an insert holds its connection for the statement alone.
 */
export class InlineInserter {
  private readonly structures = new Map<string, Promise<Column[]>>();

  constructor(private readonly readColumns: (table: string) => Promise<Column[]>) {}

  /** The shape of an insert of every insertable column of `table` (JSON objects, defaults applied). */
  async wholeRowShape(table: string): Promise<InsertShape> {
    const columns = await this.columnsOf(table);
    return {
      table,
      names: columns.map((column) => identifier(column.name)).join(', '),
      structure: columns
        .map((column) => {
          const declared = `${identifier(column.name)} ${column.type}`;
          return column.default_kind === ''
            ? declared
            : `${declared} ${column.default_kind} ${column.default_expression}`;
        })
        .join(', '),
      writers: undefined,
    };
  }

  /** The shape of an insert of `columns` of `table`, in that order. */
  async shape(table: string, columns: readonly string[]): Promise<InsertShape> {
    const known = new Map((await this.columnsOf(table)).map((column) => [column.name, column]));
    const types = columns.map((name) => {
      const column = known.get(name);
      if (!column) throw new AnalyticsStoreError(`insert: table ${table} has no insertable column ${name}`);
      return column.type;
    });
    const writers = types.map(rowBinaryWriter);
    return {
      table,
      names: columns.map(identifier).join(', '),
      structure: columns.map((name, i) => `${identifier(name)} ${types[i]}`).join(', '),
      writers: writers.every((writer) => writer !== undefined) ? (writers as ValueWriter[]) : undefined,
    };
  }

  /** Writes `rows` (objects of `wholeRowShape`'s columns) as JSONEachRow text in the statement. */
  async insert(client: ClickHouseClient, shape: InsertShape, rows: readonly object[]): Promise<void> {
    const data = rows.map((row) => JSON.stringify(row)).join('\n');
    await client.command({
      query: `INSERT INTO ${shape.table} (${shape.names}) SELECT ${shape.names} FROM format(JSONEachRow, ${stringLiteral(shape.structure)}, ${stringLiteral(data)})`,
      clickhouse_settings: { ...ANY_PARTITION_COUNT, max_query_size: String(MAX_STATEMENT_BYTES) },
    });
  }

  /**
   * Writes `data` (JSONCompactEachRow lines: one array of values per row, in the shape's column
   * order) the same way; the engine parses the text, with no JavaScript object per row.
   */
  async insertCompact(client: ClickHouseClient, shape: InsertShape, data: string): Promise<void> {
    await client.command({
      query: `INSERT INTO ${shape.table} (${shape.names}) SELECT ${shape.names} FROM format(JSONCompactEachRow, ${stringLiteral(shape.structure)}, ${stringLiteral(data)})`,
      clickhouse_settings: {
        ...ANY_PARTITION_COUNT,
        max_query_size: String(MAX_STATEMENT_BYTES),
        date_time_input_format: 'best_effort',
      },
    });
  }

  /**
   * Writes the RowBinary file `file` (rows encoded by the shape's writers) through
   * `INSERT … SELECT … FROM file()`: no rows in the statement, nothing read from stdin.
   */
  async insertRowBinaryFile(client: ClickHouseClient, shape: InsertShape, file: string): Promise<void> {
    await client.command({
      query: `INSERT INTO ${shape.table} (${shape.names}) SELECT ${shape.names} FROM file(${stringLiteral(file)}, RowBinary, ${stringLiteral(shape.structure)})`,
      clickhouse_settings: ANY_PARTITION_COUNT,
    });
  }

  forget(): void {
    this.structures.clear();
  }

  private columnsOf(table: string): Promise<Column[]> {
    if (!TABLE_NAME.test(table)) {
      return Promise.reject(new AnalyticsStoreError(`insert: ${JSON.stringify(table)} is not a table name`));
    }
    let known = this.structures.get(table);
    if (!known) {
      known = this.readColumns(table);
      this.structures.set(table, known);
      known.catch(() => this.structures.delete(table));
    }
    return known;
  }
}

/** The insertable columns of `table` in their order (a store reads them through its connections). */
export async function readColumns(client: ClickHouseClient, table: string): Promise<Column[]> {
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
