import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, test } from '@jest/globals';
import { promisify } from 'node:util';
import { AnalyticsStoreError, createAnalyticsStore, type AnalyticsStore } from '../src/index.js';
import { encodeRowBinary, rowBinaryWriter, type ValueWriter } from '../src/embedded/row-binary.js';
import { openTemporaryStore, type TemporaryStore } from './embedded-fixture.js';

let fixture: TemporaryStore;
let store: AnalyticsStore;

beforeAll(() => {
  fixture = openTemporaryStore();
  store = fixture.store;
});
afterAll(() => fixture.dispose());

test('creates a table, inserts rows and reads them back with bound parameters', async () => {
  assert.equal(store.kind, 'embedded');
  await store.command(
    'CREATE TABLE items (item_id String, title String, price Float64, tags Array(String)) ENGINE = MergeTree ORDER BY item_id',
  );
  await store.insert('items', [
    { item_id: 'sku-1', title: "men's shoes", price: 30.5, tags: ['shoes', 'men'] },
    { item_id: 'sku-2', title: '茶叶 礼盒', price: 88, tags: ['tea'] },
    { item_id: 'sku-3', title: 'tab\tand\nnewline', price: 5, tags: [] },
  ]);
  await store.insert('items', []);
  const cheap = await store.query<{ item_id: string; title: string }>(
    'SELECT item_id, title FROM items WHERE price < {max:Float64} AND item_id IN {ids:Array(String)} ORDER BY item_id',
    { max: 50, ids: ['sku-1', 'sku-2', 'sku-3'] },
  );
  assert.deepEqual(cheap, [
    { item_id: 'sku-1', title: "men's shoes" },
    { item_id: 'sku-3', title: 'tab\tand\nnewline' },
  ]);
  const byTitle = await store.query<{ item_id: string; tags: string[] }>(
    'SELECT item_id, tags FROM items WHERE title = {title:String}',
    { title: '茶叶 礼盒' },
  );
  assert.deepEqual(byTitle, [{ item_id: 'sku-2', tags: ['tea'] }]);
});

test('a materialized view into a SummingMergeTree sums the inserted rows per day', async () => {
  await store.command(
    "CREATE TABLE clicks (event_id String, item_id String, occurred_at DateTime64(3, 'UTC')) ENGINE = MergeTree ORDER BY event_id",
  );
  await store.command(
    'CREATE TABLE daily_clicks (day Date, item_id String, clicks UInt64) ENGINE = SummingMergeTree ORDER BY (item_id, day)',
  );
  await store.command(
    'CREATE MATERIALIZED VIEW daily_clicks_mv TO daily_clicks AS SELECT toDate(occurred_at) AS day, item_id, count() AS clicks FROM clicks GROUP BY day, item_id',
  );
  await store.insert('clicks', [
    { event_id: 'e1', item_id: 'sku-1', occurred_at: '2024-05-01T09:00:00.000Z' },
    { event_id: 'e2', item_id: 'sku-1', occurred_at: '2024-05-01T23:59:59.999Z' },
    { event_id: 'e3', item_id: 'sku-2', occurred_at: '2024-05-02T00:00:00.000Z' },
  ]);
  await store.insert('clicks', [{ event_id: 'e4', item_id: 'sku-1', occurred_at: '2024-05-01T12:00:00.000Z' }]);
  const query =
    'SELECT toString(day) AS day, item_id, sum(clicks) AS clicks FROM daily_clicks GROUP BY day, item_id ORDER BY day, item_id';
  const expected = [
    { day: '2024-05-01', item_id: 'sku-1', clicks: 3 },
    { day: '2024-05-02', item_id: 'sku-2', clicks: 1 },
  ];
  assert.deepEqual(await store.query(query), expected);
  await store.command('OPTIMIZE TABLE daily_clicks FINAL');
  const merged = await store.query<{ n: number }>("SELECT count() AS n FROM daily_clicks WHERE item_id = 'sku-1'");
  assert.deepEqual(merged, [{ n: 1 }], 'the merge folded the two parts of sku-1 into one row');
  assert.deepEqual(await store.query(query), expected);
});

test('bad SQL and unknown tables are permanent errors that keep the ClickHouse message and code', async () => {
  await assert.rejects(store.query('SELECT * FROM no_such_table'), (error: AnalyticsStoreError) => {
    assert.ok(error instanceof AnalyticsStoreError);
    assert.equal(error.transient, false);
    assert.equal(error.code, '60');
    assert.equal(error.type, 'UNKNOWN_TABLE');
    assert.match(error.message, /no_such_table/);
    return true;
  });
  await assert.rejects(
    store.command('CREATE TABLE broken (x NoSuchType) ENGINE = Memory'),
    (error: AnalyticsStoreError) => error.transient === false && error.code === '50',
  );
  await assert.rejects(
    store.insert('no_such_table', [{ a: 1 }]),
    (error: AnalyticsStoreError) => error.transient === false && error.code === '60',
  );
});

test('several callers inserting and querying at once each see exactly their own rows', async () => {
  await store.command(
    'CREATE TABLE signals (service String, seq UInt32, payload String) ENGINE = MergeTree ORDER BY (service, seq)',
  );
  const services = ['collector', 'preprocessor', 'aggregator', 'forecaster', 'recommender', 'feedback'];
  const rounds = 8;
  const perRound = 40;
  const caller = async (service: string) => {
    for (let round = 0; round < rounds; round++) {
      const rows = Array.from({ length: perRound }, (_, i) => ({
        service,
        seq: round * perRound + i,
        payload: `${service}-${round}-${i}`,
      }));
      await store.insert('signals', rows);
      const [seen] = await store.query<{ n: number; top: number }>(
        'SELECT count() AS n, max(seq) AS top FROM signals WHERE service = {service:String}',
        { service },
      );
      assert.deepEqual(
        seen,
        { n: (round + 1) * perRound, top: (round + 1) * perRound - 1 },
        `${service} after round ${round}`,
      );
      await store.query('SELECT sum(cityHash64(number)) AS s FROM numbers(200000)');
    }
  };
  await Promise.all([...services.map(caller), store.ping()]);
  const totals = await store.query<{ service: string; n: number }>(
    'SELECT service, count() AS n FROM signals GROUP BY service ORDER BY service',
  );
  assert.deepEqual(
    totals,
    [...services].sort().map((service) => ({ service, n: rounds * perRound })),
  );
});

test('a second data directory in the same process is refused with an explanation', () => {
  const other = mkdtempSync(path.join(os.tmpdir(), 'analytics-store-other-'));
  try {
    assert.throws(
      () => createAnalyticsStore({ mode: 'embedded', path: other }),
      (error: AnalyticsStoreError) =>
        error instanceof AnalyticsStoreError &&
        error.message.includes(other) &&
        error.message.includes('one data directory per process'),
    );
  } finally {
    rmSync(other, { recursive: true, force: true });
  }
});

test('a data directory held by another process fails with a transient error naming it', async () => {
  const indexUrl = new URL('../src/index.js', import.meta.url).href;
  const attempt = `
    const { createAnalyticsStore } = await import(${JSON.stringify(indexUrl)});
    try {
      const store = createAnalyticsStore({ mode: 'embedded', path: process.argv[1] });
      await store.close();
      console.log(JSON.stringify({ opened: true }));
    } catch (error) {
      console.log(JSON.stringify({ name: error.name, message: error.message, transient: error.transient }));
    }`;
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--input-type=module', '-e', attempt, fixture.directory],
    { timeout: 60_000 },
  );
  const outcome = JSON.parse(stdout.trim().split('\n').at(-1)!) as {
    opened?: boolean;
    name?: string;
    message?: string;
    transient?: boolean;
  };
  assert.equal(outcome.opened, undefined, 'the second process must not open a held directory');
  assert.equal(outcome.name, 'AnalyticsStoreError');
  assert.equal(outcome.transient, true);
  assert.ok(outcome.message?.includes(fixture.directory), outcome.message);
  assert.match(outcome.message ?? '', new RegExp(`locked by another process \\(pid ${process.pid}\\)`));
  await store.ping();
});

test('a closed store refuses calls', async () => {
  const closing = createAnalyticsStore({ mode: 'embedded', path: fixture.directory });
  assert.deepEqual(await closing.query('SELECT 1 AS one'), [{ one: 1 }]);
  await closing.close();
  await closing.close();
  await assert.rejects(closing.query('SELECT 1'), /is closed/);
  await assert.rejects(closing.ping(), /is closed/);
  await store.ping();
});

test('insertCompact stores arrays, text and ISO times (as RowBinary through a spool file)', async () => {
  await store.command(
    "CREATE TABLE compact_rows (id String, at DateTime64(3, 'UTC'), n UInt32, tags Array(String)) ENGINE = MergeTree ORDER BY id",
  );
  await store.insertCompact(
    'compact_rows',
    ['id', 'at', 'n', 'tags'],
    [
      ['a', '2026-11-01T10:00:00.123Z', 1, ['x', 'y']],
      ['b"\n', '2026-11-02T00:00:00.000Z', 2, []],
    ],
  );
  await store.insertCompact('compact_rows', ['id'], []);
  assert.deepEqual(await store.query('SELECT id, at, n, tags FROM compact_rows ORDER BY id'), [
    { id: 'a', at: '2026-11-01T10:00:00.123Z', n: 1, tags: ['x', 'y'] },
    { id: 'b"\n', at: '2026-11-02T00:00:00.000Z', n: 2, tags: [] },
  ]);
});

/** Spool files of this process left in the directories insertCompact may write to. */
function spoolFilesLeft(): string[] {
  const prefix = `insert-${process.pid}-`;
  return ['/dev/shm', os.tmpdir()].flatMap((dir) => {
    try {
      return readdirSync(dir).filter((name) => name.startsWith(prefix));
    } catch {
      return [];
    }
  });
}

test('insertCompact (RowBinary) stores exactly what insert (JSONEachRow text) stores, edge cases included', async () => {
  const structure =
    "(id String, kind LowCardinality(String), at DateTime64(3, 'UTC'), n UInt32, small UInt8, big UInt64, " +
    'delta Int32, price Float64, tags Array(LowCardinality(String)), nested Array(Array(String))) ' +
    'ENGINE = MergeTree ORDER BY id';
  await store.command(`CREATE TABLE typed_binary ${structure}`);
  await store.command(`CREATE TABLE typed_text ${structure}`);
  const columns = ['id', 'kind', 'at', 'n', 'small', 'big', 'delta', 'price', 'tags', 'nested'];
  const long = `${'长'.repeat(60)}${'x'.repeat(200)}`;
  const rows: unknown[][] = [
    ['a', 'view', 1_780_000_000_123, 0, 0, 0, -5, 0.1, [], []],
    [
      "q'uote\\back\nline\ttab",
      'purchase',
      '2026-11-02T00:00:00.000Z',
      4_294_967_295,
      255,
      2 ** 53 - 1,
      -(2 ** 31),
      -1.5e300,
      ['bot:pace', ''],
      [['x'], []],
    ],
    [long, '茶叶', -86_400_001, 7, 1, 123_456_789_012, 2 ** 31 - 1, 19.99, [long], [[long, 'y']]],
    ['', '', new Date('1999-12-31T23:59:59.999Z'), 1, 2, 3, 0, Number.MIN_VALUE, ['a', 'b', 'c'], [[]]],
  ];
  // Every value here is one RowBinary takes (the comparison is not text against text).
  const types = ['String', 'LowCardinality(String)', "DateTime64(3, 'UTC')", 'UInt32', 'UInt8', 'UInt64', 'Int32']
    .concat(['Float64', 'Array(LowCardinality(String))', 'Array(Array(String))'])
    .map((type) => rowBinaryWriter(type) as ValueWriter);
  assert.ok(encodeRowBinary(rows, types));
  await store.insertCompact('typed_binary', columns, rows);
  await store.insert(
    'typed_text',
    rows.map((row) => Object.fromEntries(columns.map((name, i) => [name, row[i]]))),
  );
  const read = (table: string) => store.query(`SELECT * FROM ${table} ORDER BY id`);
  const binary = await read('typed_binary');
  assert.equal(binary.length, 4);
  assert.deepEqual(binary, await read('typed_text'));
  assert.deepEqual(spoolFilesLeft(), []);
});

test('insertCompact sends rows with a value RowBinary does not take as such as text, read as before', async () => {
  await store.command(
    "CREATE TABLE typed_as_text (id String, n UInt32, at DateTime64(3, 'UTC')) ENGINE = MergeTree ORDER BY id",
  );
  await store.insertCompact(
    'typed_as_text',
    ['id', 'n', 'at'],
    [
      ['a', 1, '2026-11-01T10:00:00.000Z'],
      ['b', '7', '2026-11-01 10:00:00'],
    ],
  );
  assert.deepEqual(await store.query('SELECT id, n, at FROM typed_as_text ORDER BY id'), [
    { id: 'a', n: 1, at: '2026-11-01T10:00:00.000Z' },
    { id: 'b', n: 7, at: '2026-11-01T10:00:00.000Z' },
  ]);
  assert.deepEqual(spoolFilesLeft(), []);
});

test('insertCompact sends rows of a column type RowBinary is not offered for as text', async () => {
  await store.command(
    'CREATE TABLE typed_fallback (id String, attributes Map(String, String), note Nullable(String)) ENGINE = MergeTree ORDER BY id',
  );
  await store.insertCompact(
    'typed_fallback',
    ['id', 'attributes', 'note'],
    [
      ['a', { colour: 'red' }, null],
      ['b', {}, 'n'],
    ],
  );
  assert.deepEqual(await store.query('SELECT id, attributes, note FROM typed_fallback ORDER BY id'), [
    { id: 'a', attributes: { colour: 'red' }, note: null },
    { id: 'b', attributes: {}, note: 'n' },
  ]);
});

test('insertCompact stores a batch of a thousand rows (encoded a slice at a time) whole', async () => {
  await store.command("CREATE TABLE compact_many (id UInt32, at DateTime64(3, 'UTC'), v Array(Float32)) ENGINE = Log");
  const rows = Array.from({ length: 1000 }, (_, i) => [i, Date.UTC(2026, 10, 1) + i, [i, i / 2]]);
  await store.insertCompact('compact_many', ['id', 'at', 'v'], rows);
  assert.deepEqual(await store.query('SELECT count() AS n, max(id) AS last FROM compact_many'), [
    { n: 1000, last: 999 },
  ]);
  assert.deepEqual(await store.query('SELECT id, at, v FROM compact_many WHERE id = 999'), [
    { id: 999, at: '2026-11-01T00:00:00.999Z', v: [999, 499.5] },
  ]);
});
