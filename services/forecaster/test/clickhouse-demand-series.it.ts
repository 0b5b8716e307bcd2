import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from '@jest/globals';
import { createAnalyticsStore, runMigrations } from '@demand/analytics-store';
import { ClickHouseDemandSeries } from '../src/adapters/clickhouse-demand-series.adapter.js';

// The forecaster reads the aggregator's tables, so the test builds them with the aggregator's migrations.
const aggregatorMigrations = fileURLToPath(new URL('../../../aggregator/migrations', import.meta.url));

const event = (
  id: string,
  kind: string,
  item: string,
  user: string,
  at: string,
  extra: Record<string, unknown> = {},
) => ({
  event_id: id,
  kind,
  user_id: user,
  session_id: 's',
  item_id: item,
  occurred_at: at,
  received_at: at,
  source: 'web',
  quantity: 0,
  unit_price: 0,
  currency: 'CNY',
  rating: 0,
  text: '',
  query: '',
  order_id: '',
  flags: [],
  ...extra,
});

test('on in-process ClickHouse: daily demand per item, category and shop with zero days filled, and user activity', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'forecaster-it-'));
  const analytics = createAnalyticsStore({ mode: 'embedded', path: dir });
  try {
    await runMigrations(analytics, { owner: 'aggregator', directory: aggregatorMigrations });
    const item = (id: string, category: string) => ({
      item_id: id,
      title: id,
      description: '',
      brand: '',
      category_path: [category, 'leaf'],
      price: 1,
      currency: 'CNY',
      attributes: {},
      stock: 1,
      updated_at: '2026-11-01 00:00:00.000',
    });
    await analytics.insert('items', [item('i1', '食品'), item('i2', '食品'), item('i3', '数码')]);
    // i2 sells out at noon on the 2nd and is restocked at the start of the 3rd
    await analytics.insert('items', [
      { ...item('i2', '食品'), stock: 0, updated_at: '2026-11-02 12:00:00.000' },
      { ...item('i2', '食品'), stock: 5, updated_at: '2026-11-03 00:00:00.000' },
    ]);
    const purchase = event('b', 'purchase', 'i1', 'u1', '2026-11-01 11:00:00.000', { quantity: 2, unit_price: 5 });
    await analytics.insert('clean_events', [
      event('a', 'view', 'i1', 'u1', '2026-11-01 10:00:00.000'),
      purchase,
      purchase, // redelivered: counted once
      event('c', 'purchase', 'i2', 'u2', '2026-11-03 11:00:00.000', { quantity: 1, unit_price: 5 }),
      event('d', 'review', 'i2', 'u2', '2026-11-03 12:00:00.000', { rating: 5 }),
      event('e', 'review', 'i2', 'u1', '2026-11-03 12:30:00.000', { rating: 1 }),
      event('f', 'purchase', 'i3', 'u3', '2026-11-02 09:00:00.000', { quantity: 4, unit_price: 5 }),
      event('g', 'add_to_cart', 'i3', 'u1', '2026-11-02 09:00:00.000'),
    ]);
    const source = new ClickHouseDemandSeries(analytics);
    const food = await source.dailyDemand({ level: 'category', category: '食品' }, '2026-11-01', '2026-11-03');
    assert.deepEqual(food?.days, ['2026-11-01', '2026-11-02', '2026-11-03']);
    assert.deepEqual(food?.units, [2, 0, 1]);
    assert.deepEqual(food?.views, [1, 0, 0]);
    assert.deepEqual(food?.goodReviews, [0, 0, 1]);
    assert.deepEqual(food?.badReviews, [0, 0, 1]);
    assert.deepEqual(food?.revenue, [10, 0, 5]);
    assert.deepEqual(food?.outOfStock, [0, 0.25, 0]);
    const i2 = await source.dailyDemand({ level: 'item', itemId: 'i2' }, '2026-11-01', '2026-11-03');
    assert.deepEqual(i2?.outOfStock, [0, 0.5, 0]);
    const digital = await source.dailyDemand({ level: 'category', category: '数码' }, '2026-11-01', '2026-11-03');
    assert.deepEqual(digital?.carts, [0, 1, 0]);
    assert.deepEqual(digital?.revenue, [0, 20, 0]);
    const shop = await source.dailyDemand({ level: 'shop' }, '2026-11-01', '2026-11-03');
    assert.deepEqual(shop?.units, [2, 4, 1]);
    assert.equal(await source.dailyDemand({ level: 'item', itemId: 'nope' }, '2026-11-01', '2026-11-03'), undefined);
    const all = await source.itemsDemand('2026-11-01', '2026-11-03');
    assert.deepEqual(all.days, ['2026-11-01', '2026-11-02', '2026-11-03']);
    assert.deepEqual(
      all.items.map((i) => [i.itemId, i.category, i.units]),
      [
        ['i1', '食品', [2, 0, 0]],
        ['i2', '食品', [0, 0, 1]],
        ['i3', '数码', [0, 4, 0]],
      ],
    );
    assert.deepEqual(all.items[1]!.goodReviews, [0, 0, 1]);
    assert.deepEqual(all.items[1]!.outOfStock, [0, 0.5, 0]);
    assert.deepEqual(all.items[0]!.outOfStock, [0, 0, 0]);
    const users = await source.userActivity('2026-11-01', '2026-11-03', ['u1']);
    assert.equal(users.length, 1);
    assert.deepEqual(users[0]!.purchases, [1, 0, 0]);
    assert.deepEqual(users[0]!.carts, [0, 1, 0]);
    const [byItem] = await source.userActivity('2026-11-01', '2026-11-03', ['u1'], { itemId: 'i1' });
    assert.deepEqual(byItem, { userId: 'u1', views: [1, 0, 0], carts: [0, 0, 0], purchases: [1, 0, 0] });
    const [byCategory] = await source.userActivity('2026-11-01', '2026-11-03', ['u1'], { category: '数码' });
    assert.deepEqual(byCategory, { userId: 'u1', views: [0, 0, 0], carts: [0, 1, 0], purchases: [0, 0, 0] });
    assert.deepEqual(await source.userActivity('2026-11-01', '2026-11-03', undefined, { category: '服装' }), []);
  } finally {
    await analytics.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
