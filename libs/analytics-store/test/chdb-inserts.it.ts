import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, test } from '@jest/globals';
import { AnalyticsStoreError, type AnalyticsStore } from '../src/index.js';
import { openTemporaryStore, type TemporaryStore } from './embedded-fixture.js';

let fixture: TemporaryStore;
let store: AnalyticsStore;

beforeAll(() => {
  fixture = openTemporaryStore({ statementTimeoutMs: 1_000 });
  store = fixture.store;
});
afterAll(() => fixture.dispose());

test('inserted rows get column defaults for missing keys; computed columns are left to the engine', async () => {
  await store.command(
    "CREATE TABLE scored (id UInt32, label String, weight Float64 DEFAULT 1.5, note String DEFAULT concat(label, '!'), " +
      'doubled Float64 MATERIALIZED weight * 2) ENGINE = MergeTree ORDER BY id',
  );
  await store.insert('scored', [
    { id: 1, label: 'a' },
    { label: 'it\'s \\ "quoted"', weight: 4, id: 2, note: 'given' },
  ]);
  const rows = await store.query('SELECT id, label, weight, note, doubled FROM scored ORDER BY id');
  assert.deepEqual(rows, [
    { id: 1, label: 'a', weight: 1.5, note: 'a!', doubled: 3 },
    { id: 2, label: 'it\'s \\ "quoted"', weight: 4, note: 'given', doubled: 8 },
  ]);
});

test('a column added by a command is known to the next insert', async () => {
  await store.command('CREATE TABLE grows (id UInt32) ENGINE = MergeTree ORDER BY id');
  await store.insert('grows', [{ id: 1 }]);
  await store.command("ALTER TABLE grows ADD COLUMN tag String DEFAULT 'none'");
  await store.insert('grows', [{ id: 2, tag: 'new' }]);
  assert.deepEqual(await store.query('SELECT id, tag FROM grows ORDER BY id'), [
    { id: 1, tag: 'none' },
    { id: 2, tag: 'new' },
  ]);
});

test('an insert into a missing table is a permanent UNKNOWN_TABLE error', async () => {
  await assert.rejects(
    store.insert('no_such_table', [{ id: 1 }]),
    (error: unknown) =>
      error instanceof AnalyticsStoreError &&
      !error.transient &&
      error.type === 'UNKNOWN_TABLE' &&
      error.message.includes('no_such_table'),
  );
});

test('INSERT … VALUES through command is refused (it would make chdb read stdin); INSERT … SELECT runs', async () => {
  await store.command('CREATE TABLE copies (id UInt32) ENGINE = MergeTree ORDER BY id');
  await assert.rejects(
    store.command('INSERT INTO copies VALUES (1)'),
    (error: unknown) => error instanceof AnalyticsStoreError && /use insert\(\)/.test(error.message),
  );
  await assert.rejects(
    store.command('  -- a note\n insert into copies format JSONEachRow {"id": 1}'),
    /use insert\(\)/,
  );
  await store.command('INSERT INTO copies SELECT number FROM numbers(3)');
  assert.deepEqual(await store.query('SELECT count() AS n FROM copies'), [{ n: 3 }]);
});

test('a statement past statementTimeoutMs fails transient, naming it, and health reports it until it ends', async () => {
  const slow = store.query('SELECT sleep(2.5) AS slept');
  const error = await slow.then(
    () => assert.fail('should have timed out'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof AnalyticsStoreError);
  assert.equal(error.transient, true);
  assert.match(error.message, /^query `SELECT sleep\(2\.5\) AS slept`: no answer after 1000 ms/);
  const during = store.health();
  assert.equal(during.healthy, false);
  assert.match(during.detail, /still running past the 1000 ms limit, e\.g\. query `SELECT sleep/);

  for (let waited = 0; store.health().detail.includes('still running') && waited < 5_000; waited += 50) await sleep(50);
  assert.match(store.health().detail, /^last call failed: query `SELECT sleep/);
  await store.ping();
  assert.deepEqual(store.health(), { healthy: true, detail: 'ok' });
});
