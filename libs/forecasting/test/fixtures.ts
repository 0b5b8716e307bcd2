import assert from 'node:assert/strict';
import { SeededRandom } from '@demand/ml';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A published series from the repo's export of R's datasets (bench/data/r-series.csv). */
export function rSeries(name: string): number[] {
  const csv = join(dirname(fileURLToPath(import.meta.url)), '../../../../bench/data/r-series.csv');
  const values = readFileSync(csv, 'utf8')
    .trim()
    .split('\n')
    .filter((line) => line.startsWith(`${name},`))
    .map((line) => Number(line.split(',')[6]));
  assert.ok(values.length > 0, `no series ${name}`);
  return values;
}

export function assertClose(actual: number, expected: number, tolerance = 1e-9, what = ''): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what} ${actual} is not within ${tolerance} of ${expected}`);
}

/** Relative closeness, for comparisons with a published implementation's numbers. */
export function assertNear(actual: number, expected: number, relative: number, what = ''): void {
  assert.ok(
    Math.abs(actual - expected) <= relative * Math.abs(expected),
    `${what} ${actual} differs from ${expected} by more than ${relative * 100}%`,
  );
}

/** Standard normal draws from the ML lib's seeded generator. */
export function noise(seed: number): () => number {
  const random = new SeededRandom(seed);
  return () => random.normal();
}
