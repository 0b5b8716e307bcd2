import assert from 'node:assert/strict';
import { afterAll, beforeAll, test } from '@jest/globals';
import { AnalyticsStoreError, BatchInserter, type AnalyticsStore } from '../src/index.js';
import { openTemporaryStore, type TemporaryStore } from './embedded-fixture.js';

let fixture: TemporaryStore;
let store: AnalyticsStore;

beforeAll(async () => {
  fixture = openTemporaryStore();
  store = fixture.store;
  await store.command(
    "CREATE TABLE page_views (event_id String, user_id String, occurred_at DateTime64(3, 'UTC')) ENGINE = MergeTree ORDER BY event_id",
  );
});
afterAll(() => fixture.dispose());

type View = { event_id: string; user_id: string; occurred_at: string };

const views = (from: number, count: number, user = 'u1'): View[] =>
  Array.from({ length: count }, (_, i) => ({
    event_id: `e${from + i}`,
    user_id: user,
    occurred_at: new Date(Date.UTC(2024, 4, 1) + (from + i) * 1000).toISOString(),
  }));

const countFor = async (user: string) =>
  (await store.query<{ n: number }>('SELECT count() AS n FROM page_views WHERE user_id = {user:String}', { user }))[0]!
    .n;

test('rows are queryable as soon as add resolves, whether sent by size or by delay', async () => {
  const inserter = new BatchInserter<View>(store, { table: 'page_views', maxRows: 100, maxDelayMs: 40 });
  const bySize = Promise.all([inserter.add(views(0, 60, 'size')), inserter.add(views(60, 40, 'size'))]);
  await bySize;
  assert.equal(await countFor('size'), 100);
  await inserter.add(views(1000, 3, 'delay'));
  assert.equal(await countFor('delay'), 3);
  await inserter.close();
});

test('many concurrent producers: every row lands once, in few inserts', async () => {
  let inserts = 0;
  const countingStore = {
    insert<T extends object>(table: string, rows: readonly T[]): Promise<void> {
      inserts += 1;
      return store.insert(table, rows);
    },
  };
  const inserter = new BatchInserter<View>(countingStore, { table: 'page_views', maxRows: 250, maxDelayMs: 20 });
  await Promise.all(
    Array.from({ length: 20 }, (_, producer) => inserter.add(views(10_000 + producer * 50, 50, 'many'))),
  );
  assert.equal(await countFor('many'), 1000);
  assert.ok(inserts <= 8, `${inserts} inserts for 1000 rows`);
  await inserter.close();
});

test('a batch the engine rejects rejects its callers with the engine error, and nothing of it is stored', async () => {
  const inserter = new BatchInserter<Record<string, unknown>>(store, {
    table: 'page_views',
    maxRows: 10,
    maxDelayMs: 1000,
  });
  const good = inserter.add(views(20_000, 2, 'bad-batch'));
  const bad = inserter.add([{ event_id: 'x', user_id: 'bad-batch', occurred_at: 'not a time' }]);
  await assert.rejects(inserter.flush(), AnalyticsStoreError);
  await assert.rejects(
    good,
    (error: AnalyticsStoreError) => error instanceof AnalyticsStoreError && error.transient === false,
  );
  await assert.rejects(bad, AnalyticsStoreError);
  assert.equal(await countFor('bad-batch'), 0);
  await inserter.add(views(20_000, 2, 'bad-batch'));
  await inserter.close();
  assert.equal(await countFor('bad-batch'), 2);
});
