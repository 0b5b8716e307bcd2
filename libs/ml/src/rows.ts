import { invalidArgument } from './ml.error.js';

/**
 * Feature rows as the caller has them: one Float32Array per row, or one row-major
 * Float32Array of `rows × dims` values (then `dims` must be given).
 */
export type FeatureRows = readonly Float32Array[] | Float32Array;

/** Row views over the caller's data (no copy for a row-major array: rows are subarrays). */
export function toRows(X: FeatureRows, dims?: number): Float32Array[] {
  if (X instanceof Float32Array) {
    if (dims === undefined || !Number.isInteger(dims) || dims <= 0) {
      throw invalidArgument('a row-major Float32Array needs `dims` (features per row, a positive integer)');
    }
    if (X.length % dims !== 0) {
      throw invalidArgument(`row-major data of length ${X.length} is not a multiple of dims=${dims}`);
    }
    const rows: Float32Array[] = [];
    for (let offset = 0; offset < X.length; offset += dims) rows.push(X.subarray(offset, offset + dims));
    return rows;
  }
  const rows = [...X];
  const width = dims ?? rows[0]?.length;
  rows.forEach((row, i) => {
    if (row.length !== width) throw invalidArgument(`row ${i} has ${row.length} features, expected ${width}`);
  });
  return rows;
}

/** Checks a labelled training set: same length, integer labels in [0, numClasses), finite features. */
export function checkLabelledRows(rows: readonly Float32Array[], y: ArrayLike<number>, numClasses: number): void {
  if (rows.length === 0) throw invalidArgument('training data is empty');
  if (rows.length !== y.length) throw invalidArgument(`X has ${rows.length} rows but y has ${y.length} labels`);
  for (let i = 0; i < y.length; i++) {
    const label = y[i]!;
    if (!Number.isInteger(label) || label < 0 || label >= numClasses) {
      throw invalidArgument(`y[${i}] = ${label} is not a class index in [0, ${numClasses})`);
    }
    const row = rows[i]!;
    for (let j = 0; j < row.length; j++) {
      if (!Number.isFinite(row[j]!)) throw invalidArgument(`X[${i}][${j}] is not a finite number`);
    }
  }
}

/** Number of classes implied by the labels (max label + 1). */
export function inferNumClasses(y: ArrayLike<number>): number {
  let max = -1;
  for (let i = 0; i < y.length; i++) max = Math.max(max, y[i]!);
  return max + 1;
}

export function pick<T>(items: ArrayLike<T>, indices: readonly number[]): T[] {
  return indices.map((i) => items[i]!);
}
