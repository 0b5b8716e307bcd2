import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, test } from '@jest/globals';
import {
  acquireMigrationLock,
  AnalyticsStoreError,
  runMigrations,
  type AnalyticsStore,
  type MigrationLogger,
} from '../src/index.js';
import { openTemporaryStore, type TemporaryStore } from './embedded-fixture.js';

let fixture: TemporaryStore;
let store: AnalyticsStore;
const directories: string[] = [];

beforeAll(() => {
  fixture = openTemporaryStore();
  store = fixture.store;
});
afterAll(async () => {
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
  await fixture.dispose();
});

function migrationsDirectory(files: Record<string, string>): string {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'analytics-migrations-'));
  directories.push(directory);
  for (const [name, sql] of Object.entries(files)) writeFileSync(path.join(directory, name), sql);
  return directory;
}

function recordingLogger(): MigrationLogger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (fields, message) => lines.push(`info ${message} ${JSON.stringify(fields)}`),
    warn: (fields, message) => lines.push(`warn ${message} ${JSON.stringify(fields)}`),
  };
}

const ledger = (owner: string) =>
  store.query<{ version: number; name: string; checksum: string; applied_at: string }>(
    'SELECT version, name, checksum, applied_at FROM schema_migrations FINAL WHERE owner = {owner:String} ORDER BY version',
    { owner },
  );

const EVENTS = `-- raw events and their daily counts; several statements in one file
CREATE TABLE IF NOT EXISTS agg_events (event_id String, item_id String, occurred_at DateTime64(3, 'UTC'))
ENGINE = MergeTree ORDER BY event_id;

CREATE TABLE IF NOT EXISTS agg_daily (day Date, item_id String, events UInt64)
ENGINE = SummingMergeTree ORDER BY (item_id, day);

CREATE MATERIALIZED VIEW IF NOT EXISTS agg_daily_mv TO agg_daily AS
SELECT toDate(occurred_at) AS day, item_id, count() AS events FROM agg_events GROUP BY day, item_id;
`;
const ITEMS =
  'CREATE TABLE IF NOT EXISTS agg_items (item_id String, title String) ENGINE = ReplacingMergeTree ORDER BY item_id;\n';

test('applies a directory of migrations once, in order, and records each', async () => {
  const directory = migrationsDirectory({ '002_items.sql': ITEMS, '001_events.sql': EVENTS });
  const logger = recordingLogger();
  const report = await runMigrations(store, { owner: 'aggregator', directory }, logger);
  assert.deepEqual(report, {
    owner: 'aggregator',
    applied: [
      { version: 1, name: 'events' },
      { version: 2, name: 'items' },
    ],
    alreadyApplied: 0,
  });
  assert.equal(logger.lines.length, 2);
  assert.match(logger.lines[0]!, /^info migration applied .*"version":1/);

  await store.insert('agg_events', [{ event_id: 'e1', item_id: 'sku-1', occurred_at: '2024-05-01T10:00:00Z' }]);
  assert.deepEqual(await store.query('SELECT item_id, sum(events) AS events FROM agg_daily GROUP BY item_id'), [
    { item_id: 'sku-1', events: 1 },
  ]);

  const recorded = await ledger('aggregator');
  assert.deepEqual(
    recorded.map((r) => [r.version, r.name]),
    [
      [1, 'events'],
      [2, 'items'],
    ],
  );
  for (const row of recorded) {
    assert.match(row.checksum, /^[0-9a-f]{64}$/);
    assert.ok(Math.abs(Date.now() - Date.parse(row.applied_at)) < 60_000, row.applied_at);
  }

  const again = await runMigrations(store, { owner: 'aggregator', directory });
  assert.deepEqual(again, { owner: 'aggregator', applied: [], alreadyApplied: 2 });
  assert.equal(
    (await store.query<{ n: number }>("SELECT count() AS n FROM schema_migrations WHERE owner = 'aggregator'"))[0]!.n,
    2,
  );

  writeFileSync(
    path.join(directory, '003_item_brand.sql'),
    'ALTER TABLE agg_items ADD COLUMN IF NOT EXISTS brand String;',
  );
  const third = await runMigrations(store, { owner: 'aggregator', directory });
  assert.deepEqual(third.applied, [{ version: 3, name: 'item_brand' }]);
  assert.deepEqual(await store.query("SELECT name FROM system.columns WHERE table = 'agg_items' AND name = 'brand'"), [
    { name: 'brand' },
  ]);
});

test('an applied migration whose text changed is an error naming it, and nothing runs', async () => {
  const directory = migrationsDirectory({
    '001_a.sql': 'CREATE TABLE IF NOT EXISTS chk_a (x UInt8) ENGINE = Memory;',
    '002_b.sql': 'CREATE TABLE IF NOT EXISTS chk_b (x UInt8) ENGINE = Memory;',
  });
  await runMigrations(store, { owner: 'checksums', directory });
  writeFileSync(path.join(directory, '002_b.sql'), 'CREATE TABLE IF NOT EXISTS chk_b (x UInt16) ENGINE = Memory;');
  writeFileSync(path.join(directory, '003_c.sql'), 'CREATE TABLE IF NOT EXISTS chk_c (x UInt8) ENGINE = Memory;');
  await assert.rejects(
    runMigrations(store, { owner: 'checksums', directory }),
    /migrations of checksums changed after they were applied: 002_b\b/,
  );
  assert.deepEqual(
    await store.query("SELECT name FROM system.tables WHERE name = 'chk_c'"),
    [],
    'a later migration does not run past the error',
  );
});

test('each owner has its own sequence, also when owners migrate at the same time', async () => {
  const owners = ['collector', 'forecaster', 'recommender', 'feedback'];
  const reports = await Promise.all(
    owners.map((owner) =>
      runMigrations(store, {
        owner,
        migrations: [
          { version: 1, name: 'first', sql: `CREATE TABLE IF NOT EXISTS ${owner}_one (x UInt8) ENGINE = Memory` },
          { version: 2, name: 'second', sql: `CREATE TABLE IF NOT EXISTS ${owner}_two (x UInt8) ENGINE = Memory` },
        ],
      }),
    ),
  );
  assert.deepEqual(
    reports.map((r) => [r.owner, r.applied.length]),
    owners.map((owner) => [owner, 2]),
  );
  for (const owner of owners)
    assert.deepEqual(
      (await ledger(owner)).map((r) => r.version),
      [1, 2],
    );
});

test('a failing statement names its migration and leaves it unrecorded to run again', async () => {
  const first = { version: 1, name: 'base', sql: 'CREATE TABLE IF NOT EXISTS fail_base (x UInt8) ENGINE = Memory' };
  const broken = {
    version: 2,
    name: 'broken',
    sql: 'CREATE TABLE IF NOT EXISTS fail_ok (x UInt8) ENGINE = Memory;\nCREATE TABLE fail_bad (x NoSuchType) ENGINE = Memory;',
  };
  await assert.rejects(
    runMigrations(store, { owner: 'failing', migrations: [first, broken] }),
    (error: AnalyticsStoreError) => {
      assert.ok(error instanceof AnalyticsStoreError);
      assert.match(error.message, /^migration failing 002_broken failed at statement 2 of 2: /);
      assert.equal(error.transient, false);
      assert.equal(error.code, '50');
      return true;
    },
  );
  assert.deepEqual(
    (await ledger('failing')).map((r) => r.version),
    [1],
  );
  const fixed = {
    ...broken,
    sql: 'CREATE TABLE IF NOT EXISTS fail_ok (x UInt8) ENGINE = Memory;\nCREATE TABLE IF NOT EXISTS fail_bad (x UInt8) ENGINE = Memory;',
  };
  const report = await runMigrations(store, { owner: 'failing', migrations: [first, fixed] });
  assert.deepEqual(report.applied, [{ version: 2, name: 'broken' }]);
});

test('migrations out of order are refused before anything runs', async () => {
  const directory = migrationsDirectory({
    '001_x.sql': 'CREATE TABLE IF NOT EXISTS order_x (x UInt8) ENGINE = Memory;',
    '003_y.sql': 'CREATE TABLE IF NOT EXISTS order_y (x UInt8) ENGINE = Memory;',
  });
  await assert.rejects(runMigrations(store, { owner: 'ordering', directory }), /version 2 is missing/);
  assert.deepEqual(await ledger('ordering'), []);
  assert.deepEqual(await store.query("SELECT name FROM system.tables WHERE name = 'order_x'"), []);
});

test('versions recorded in the database but unknown to the code are reported, not fatal', async () => {
  const v1 = { version: 1, name: 'one', sql: 'CREATE TABLE IF NOT EXISTS newer_one (x UInt8) ENGINE = Memory' };
  const v2 = { version: 2, name: 'two', sql: 'CREATE TABLE IF NOT EXISTS newer_two (x UInt8) ENGINE = Memory' };
  await runMigrations(store, { owner: 'rollback', migrations: [v1, v2] });
  const logger = recordingLogger();
  const report = await runMigrations(store, { owner: 'rollback', migrations: [v1] }, logger);
  assert.deepEqual(report, { owner: 'rollback', applied: [], alreadyApplied: 1 });
  assert.match(logger.lines.join('\n'), /^warn the database has migrations this code does not know .*"versions":\[2\]/);
});

test('the migration lock lets one runner at a time hold it, hands it over on release, and expires an abandoned lease', async () => {
  const order: string[] = [];
  const a = await acquireMigrationLock(store, 'lock-svc', { holder: 'a', settleMs: 20 });
  order.push('a acquired');
  const b = acquireMigrationLock(store, 'lock-svc', { holder: 'b', settleMs: 20 }).then((lock) => {
    order.push('b acquired');
    return lock;
  });
  await new Promise((resolve) => setTimeout(resolve, 400));
  assert.deepEqual(order, ['a acquired'], 'b waits while a holds the lock');
  order.push('a released');
  await a.release();
  await (await b).release();
  assert.deepEqual(order, ['a acquired', 'a released', 'b acquired']);

  // A runner that crashed left a lease it no longer renews: the next one waits for it to expire.
  await store.command(
    `INSERT INTO schema_migration_locks SELECT 'lock-crash', 'ghost', now64(6) - toIntervalSecond(1),
       now64(6) + toIntervalMillisecond(800), toUnixTimestamp64Micro(now64(6))`,
  );
  const started = Date.now();
  const c = await acquireMigrationLock(store, 'lock-crash', { holder: 'c', settleMs: 20 });
  const waited = Date.now() - started;
  assert.ok(waited >= 500 && waited < 10_000, `waited ${waited} ms for the abandoned lease`);
  await c.release();
});

/** The embedded store seen as a server, so runMigrations takes the lock as it does against ClickHouse. */
function asServer(embedded: AnalyticsStore): AnalyticsStore {
  return {
    kind: 'server',
    command: (sql, params) => embedded.command(sql, params),
    insert: (table, rows) => embedded.insert(table, rows),
    insertCompact: (table, columns, rows) => embedded.insertCompact(table, columns, rows),
    query: (sql, params) => embedded.query(sql, params),
    queryCompact: (sql, params) => embedded.queryCompact(sql, params),
    ping: () => embedded.ping(),
    health: () => embedded.health(),
    close: async () => undefined,
  };
}

test('a start with nothing pending completes while another runner holds the lock; one with work waits', async () => {
  const server = asServer(store);
  const v1 = { version: 1, name: 'one', sql: 'CREATE TABLE IF NOT EXISTS held_one (x UInt8) ENGINE = Memory' };
  const v2 = { version: 2, name: 'two', sql: 'CREATE TABLE IF NOT EXISTS held_two (x UInt8) ENGINE = Memory' };
  await runMigrations(server, { owner: 'held', migrations: [v1] });
  const other = await acquireMigrationLock(store, 'held', { holder: 'another-cell', settleMs: 20 });
  try {
    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([
      runMigrations(server, { owner: 'held', migrations: [v1] }),
      new Promise((resolve) => {
        timer = setTimeout(() => resolve('still waiting after 3 s'), 3000);
      }),
    ]).finally(() => clearTimeout(timer));
    assert.deepEqual(outcome, { owner: 'held', applied: [], alreadyApplied: 1 });

    let done = false;
    const pending = runMigrations(server, { owner: 'held', migrations: [v1, v2] }).then((report) => {
      done = true;
      return report;
    });
    await new Promise((resolve) => setTimeout(resolve, 600));
    assert.equal(done, false, 'a pending migration waits for the lock');
    assert.deepEqual(await store.query("SELECT name FROM system.tables WHERE name = 'held_two'"), []);
    await other.release();
    assert.deepEqual((await pending).applied, [{ version: 2, name: 'two' }]);
  } finally {
    await other.release();
  }
});
