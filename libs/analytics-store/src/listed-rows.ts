import type { ListedRows } from './analytics-store.port.js';

/** What `insertCompact` takes: positional rows, or rows of another shape with how to list each. */
export type CompactRows<T> = readonly (readonly unknown[])[] | ListedRows<T>;

/** Either form as `ListedRows` (a positional row lists itself). */
export function listed<T>(rows: CompactRows<T>): ListedRows<unknown> {
  return 'valuesOf' in rows ? (rows as ListedRows<unknown>) : { rows, valuesOf: asValues };
}

/** Either form as positional rows (one array per row; positional rows as they are). */
export function positional<T>(rows: CompactRows<T>): readonly (readonly unknown[])[] {
  return 'valuesOf' in rows ? rows.rows.map(rows.valuesOf) : rows;
}

function asValues(row: unknown): readonly unknown[] {
  return row as readonly unknown[];
}
