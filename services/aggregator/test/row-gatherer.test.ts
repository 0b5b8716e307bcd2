import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { RowGatherer } from '../src/adapters/row-gatherer.js';

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('gathers callers into one insert at maxRows, one insert in flight, and settles each caller with its insert', async () => {
  const inserts: number[] = [];
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const gatherer = new RowGatherer(
    async (rows) => {
      inserts.push(rows.length);
      if (inserts.length === 1) await gate;
    },
    { maxRows: 4, maxDelayMs: 60_000 },
  );
  const settled: string[] = [];
  const a = gatherer.add([[1], [2]]).then(() => settled.push('a'));
  const b = gatherer.add([[3], [4]]).then(() => settled.push('b'));
  assert.deepEqual(inserts, [4], 'the fourth row starts the insert');
  const c = gatherer.add([[5], [6], [7], [8], [9]]).then(() => settled.push('c'));
  await delay(5);
  assert.deepEqual(inserts, [4], 'one insert at a time: the next waits');
  assert.deepEqual(settled, []);
  release();
  await Promise.all([a, b, c]);
  assert.deepEqual(inserts, [4, 5]);
  assert.deepEqual(settled, ['a', 'b', 'c']);
});

test('inserts on time when few rows come, rejects the callers of a failed insert, and close flushes', async () => {
  const inserts: unknown[][][] = [];
  let fail = true;
  const gatherer = new RowGatherer(
    async (rows) => {
      inserts.push(rows);
      if (fail) throw new Error('store down');
    },
    { maxRows: 1000, maxDelayMs: 10, failureDelayMs: 1 },
  );
  await assert.rejects(gatherer.add([['x']]), /store down/);
  fail = false;
  const late = gatherer.add([['y']]);
  await gatherer.close();
  await late;
  assert.deepEqual(inserts, [[['x']], [['y']]]);
  await assert.rejects(gatherer.add([['z']]), /closed/);
});
