import assert from 'node:assert/strict';
import { test } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { BatchInserter } from '../src/index.js';

type Row = { id: number };

/** A store whose inserts wait until released, failing when told to. */
class ScriptedStore {
  readonly inserts: { table: string; rows: Row[] }[] = [];
  failNext: Error | undefined;
  private gate: Promise<void> = Promise.resolve();
  private open: (() => void) | undefined;

  hold(): void {
    this.gate = new Promise((resolve) => {
      this.open = resolve;
    });
  }

  release(): void {
    this.open?.();
  }

  async insert<T extends object>(table: string, rows: readonly T[]): Promise<void> {
    await this.gate;
    const failure = this.failNext;
    this.failNext = undefined;
    if (failure) throw failure;
    this.inserts.push({ table, rows: rows as unknown as Row[] });
  }
}

const rows = (...ids: number[]): Row[] => ids.map((id) => ({ id }));

test('rows go out as one insert when maxRows are waiting, and add resolves only after that insert', async () => {
  const store = new ScriptedStore();
  const inserter = new BatchInserter<Row>(store, { table: 'events', maxRows: 3, maxDelayMs: 60_000 });
  let firstStored = false;
  const first = inserter.add(rows(1, 2)).then(() => {
    firstStored = true;
  });
  await sleep(10);
  assert.equal(firstStored, false, 'below maxRows nothing is sent yet');
  assert.equal(inserter.pendingRows, 2);
  store.hold();
  const second = inserter.add(rows(3));
  await sleep(10);
  assert.equal(firstStored, false, 'the insert is still running');
  store.release();
  await Promise.all([first, second]);
  assert.deepEqual(store.inserts, [{ table: 'events', rows: rows(1, 2, 3) }]);
  assert.equal(inserter.pendingRows, 0);
  await inserter.close();
});

test('a batch goes out maxDelayMs after its first row even when small', async () => {
  const store = new ScriptedStore();
  const inserter = new BatchInserter<Row>(store, { table: 'events', maxRows: 1000, maxDelayMs: 30 });
  const started = Date.now();
  await inserter.add(rows(1));
  const waited = Date.now() - started;
  assert.ok(waited >= 25 && waited < 1000, `waited ${waited} ms`);
  assert.deepEqual(store.inserts, [{ table: 'events', rows: rows(1) }]);
  await inserter.close();
});

test('a failed insert rejects every caller whose rows were in it, and later rows still go out', async () => {
  const store = new ScriptedStore();
  const inserter = new BatchInserter<Row>(store, { table: 'events', maxRows: 10, maxDelayMs: 60_000 });
  const failure = Object.assign(new Error('ClickHouse unreachable'), { transient: true });
  store.failNext = failure;
  const a = inserter.add(rows(1));
  const b = inserter.add(rows(2, 3));
  await assert.rejects(inserter.flush(), failure);
  await assert.rejects(a, failure);
  await assert.rejects(b, failure);
  const c = inserter.add(rows(4));
  await inserter.flush();
  await c;
  assert.deepEqual(store.inserts, [{ table: 'events', rows: rows(4) }]);
  await inserter.close();
});

test('batches go out one at a time in arrival order', async () => {
  const store = new ScriptedStore();
  const inserter = new BatchInserter<Row>(store, { table: 'events', maxRows: 2, maxDelayMs: 60_000 });
  store.hold();
  const first = inserter.add(rows(1, 2));
  const second = inserter.add(rows(3, 4));
  const third = inserter.add(rows(5));
  await sleep(5);
  assert.equal(store.inserts.length, 0);
  store.release();
  await Promise.all([first, second, inserter.flush(), third]);
  assert.deepEqual(
    store.inserts.map((i) => i.rows.map((r) => r.id)),
    [[1, 2], [3, 4], [5]],
  );
});

test('close flushes what is waiting, then refuses more rows', async () => {
  const store = new ScriptedStore();
  const inserter = new BatchInserter<Row>(store, { table: 'events', maxRows: 100, maxDelayMs: 60_000 });
  const pending = inserter.add(rows(1, 2));
  await inserter.close();
  await pending;
  assert.deepEqual(store.inserts, [{ table: 'events', rows: rows(1, 2) }]);
  await assert.rejects(inserter.add(rows(3)), /BatchInserter\(events\) is closed/);
});

test('close rejects when the last batch fails', async () => {
  const store = new ScriptedStore();
  const inserter = new BatchInserter<Row>(store, { table: 'events', maxRows: 100, maxDelayMs: 60_000 });
  store.failNext = new Error('disk full');
  const pending = inserter.add(rows(1));
  await assert.rejects(inserter.close(), /disk full/);
  await assert.rejects(pending, /disk full/);
});

test('options are checked', () => {
  const store = new ScriptedStore();
  assert.throws(
    () => new BatchInserter<Row>(store, { table: 't', maxRows: 0, maxDelayMs: 10 }),
    /maxRows must be a positive integer/,
  );
  assert.throws(
    () => new BatchInserter<Row>(store, { table: 't', maxRows: 10, maxDelayMs: -1 }),
    /maxDelayMs must be a non-negative number/,
  );
});
