import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from '@jest/globals';
import { createAnalyticsStore, runMigrations } from '@demand/analytics-store';
import { ClickHouseTrainingData } from '../src/adapters/clickhouse-training-data.adapter.js';

// The recommender reads the aggregator's tables, so the test builds them with the aggregator's migrations.
const aggregatorMigrations = fileURLToPath(new URL('../../../aggregator/migrations', import.meta.url));
const feedbackMigrations = fileURLToPath(new URL('../../../feedback/migrations', import.meta.url));
const recommenderMigrations = fileURLToPath(new URL('../../migrations', import.meta.url));

const event = (id: string, kind: string, item: string, user: string, at: string, flags: string[] = []) => ({
  event_id: id,
  kind,
  user_id: user,
  session_id: `s-${user}`,
  item_id: item,
  occurred_at: at,
  received_at: at,
  source: 'web',
  quantity: kind === 'purchase' ? 1 : 0,
  unit_price: 0,
  currency: 'CNY',
  rating: 0,
  text: '',
  query: '',
  order_id: '',
  flags,
});

const item = (id: string, price: number, updatedAt: string) => ({
  item_id: id,
  title: `title ${id}`,
  description: '',
  brand: 'b',
  category_path: ['食品', '零食'],
  price,
  currency: 'CNY',
  attributes: { size: 'L' },
  stock: 3,
  updated_at: updatedAt,
});

test('on in-process ClickHouse: the shop’s own catalog and behaviour in the history window, bots and other kinds left out', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'recommender-it-'));
  const analytics = createAnalyticsStore({ mode: 'embedded', path: dir });
  try {
    const source = new ClickHouseTrainingData(analytics, { historyDays: 10, maxEvents: 1000, clock: () => 42 });
    // Before the aggregator has made its tables: no history, and no failure.
    const none = await source.load();
    assert.deepEqual([none.items, none.interactions, none.now], [[], [], 43]);

    await runMigrations(analytics, { owner: 'aggregator', directory: aggregatorMigrations });
    await analytics.insert('items', [
      item('i1', 5, '2026-11-01 00:00:00.000'),
      item('i1', 6, '2026-11-02 00:00:00.000'),
      item('i2', 9, '2026-11-01 00:00:00.000'),
    ]);
    await analytics.insert('clean_events', [
      event('old', 'view', 'i1', 'u1', '2026-10-01 10:00:00.000'),
      event('a', 'view', 'i1', 'u1', '2026-11-20 10:00:00.000'),
      event('b', 'purchase', 'i1', 'u1', '2026-11-20 11:00:00.000'),
      event('c', 'add_to_cart', 'i2', 'u2', '2026-11-21 09:00:00.000'),
      event('d', 'review', 'i2', 'u2', '2026-11-21 12:00:00.000'),
      event('e', 'search', '', 'u2', '2026-11-21 12:30:00.000'),
      event('bot', 'view', 'i2', 'crawler', '2026-11-21 13:00:00.000', ['bot:rate']),
      event('f', 'click', 'i2', 'u1', '2026-11-22 08:00:00.000'),
    ]);
    const data = await source.load();
    assert.deepEqual(
      data.items.map((i) => [i.id, i.price, i.stock, i.category.join('/')]),
      [
        ['i1', 6, 3, '食品/零食'],
        ['i2', 9, 3, '食品/零食'],
      ],
    );
    assert.ok(data.items.every((i) => i.vector && i.vector.length === 64));
    assert.deepEqual(
      data.interactions.map((e) => [e.user, e.item, e.kind, e.session]),
      [
        ['u1', 'i1', 'view', 's-u1'],
        ['u1', 'i1', 'purchase', 's-u1'],
        ['u2', 'i2', 'add_to_cart', 's-u2'],
        ['u1', 'i2', 'click', 's-u1'],
      ],
    );
    const newest = Date.parse('2026-11-22T08:00:00Z');
    assert.equal(data.interactions.at(-1)!.at, newest);
    assert.equal(data.now, newest + 1);
    assert.equal(data.window, 'ch:2026-11-12..2026-11-22:4ev');
    // The newest events are kept when there are more than maxEvents.
    const capped = await new ClickHouseTrainingData(analytics, {
      historyDays: 10,
      maxEvents: 2,
      clock: Date.now,
    }).load();
    assert.deepEqual(
      capped.interactions.map((e) => e.kind),
      ['add_to_cart', 'click'],
    );
  } finally {
    await analytics.close();
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);

test('served lists: its own table and, during a rolling deploy, the legacy served_lists, each list once', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'recommender-served-it-'));
  const analytics = createAnalyticsStore({ mode: 'embedded', path: dir });
  const list = (id: string, method: string, at: string) => ({
    recommendation_id: id,
    user_id: `u-${id}`,
    method,
    page: 'home',
    item_ids: [`i-${id}`],
    scores: [1],
    cold_start: false,
    arm: 'control',
    model_version: 'v1',
    served_at: at,
  });
  try {
    await runMigrations(analytics, { owner: 'aggregator', directory: aggregatorMigrations });
    await analytics.insert('clean_events', [event('a', 'view', 'i1', 'u1', '2026-11-22 10:00:00.000')]);
    // The feedback service's 001 made served_lists (its shape); the recommender's 002 copies what it held.
    await runMigrations(analytics, { owner: 'feedback', directory: feedbackMigrations });
    await analytics.insert('served_lists', [list('copied', 'recommend', '2026-11-20 10:00:00.000')]);
    await runMigrations(analytics, { owner: 'recommender', directory: recommenderMigrations });
    await analytics.insert('recommender_served_lists', [
      { ...list('own', 'recommend', '2026-11-21 10:00:00.000'), current_item_id: '' },
    ]);
    // A replica of the release before, still running during the deploy, logs after the copy.
    await analytics.insert('served_lists', [
      list('old-replica', 'recommend', '2026-11-21 11:00:00.000'),
      list('similar', 'similar_items', '2026-11-21 12:00:00.000'),
    ]);
    const source = new ClickHouseTrainingData(analytics, { historyDays: 10, maxEvents: 1000, clock: Date.now });
    const served = (await source.load()).served ?? [];
    assert.deepEqual(
      served.map((s) => [s.user, s.items]),
      [
        ['u-copied', ['i-copied']],
        ['u-own', ['i-own']],
        ['u-old-replica', ['i-old-replica']],
      ],
    );
    await analytics.command('DROP TABLE served_lists');
    assert.deepEqual(
      ((await source.load()).served ?? []).map((s) => s.user),
      ['u-copied', 'u-own'],
      'once the legacy table is dropped, the own table alone',
    );
  } finally {
    await analytics.close();
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);
