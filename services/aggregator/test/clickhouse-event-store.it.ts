import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAnalyticsStore, runMigrations } from '@demand/analytics-store';
import { ClickHouseEventStore } from '../src/adapters/clickhouse-event-store.adapter.js';
import type { EventRow } from '../src/domain/event-rows.js';

const migrations = fileURLToPath(new URL('../../migrations', import.meta.url));
const MIGRATION_FILES = readdirSync(migrations).filter((f) => f.endsWith('.sql')).length;

function row(
  eventId: string,
  kind: string,
  itemId: string,
  occurredAt: string,
  quantity = 0,
  unitPrice = 0,
  flags: string[] = [],
): EventRow {
  return {
    event_id: eventId,
    kind,
    user_id: 'u1',
    session_id: 's1',
    item_id: itemId,
    occurred_at: occurredAt,
    received_at: occurredAt,
    source: 'web',
    quantity,
    unit_price: unitPrice,
    currency: 'CNY',
    rating: 0,
    text: '',
    query: '',
    order_id: '',
    flags,
  };
}

test('on in-process ClickHouse: idempotent inserts feed exact daily counts through the materialized view', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'aggregator-it-'));
  const analytics = createAnalyticsStore({ mode: 'embedded', path: dir });
  try {
    const first = await runMigrations(analytics, { owner: 'aggregator', directory: migrations });
    assert.equal(first.applied.length, MIGRATION_FILES);
    assert.equal((await runMigrations(analytics, { owner: 'aggregator', directory: migrations })).applied.length, 0);

    const store = new ClickHouseEventStore(analytics, { maxRows: 1000, maxDelayMs: 20 });
    const rows = [
      row('a', 'view', 'i1', '2026-11-01T10:00:00.000Z'),
      row('b', 'view', 'i1', '2026-11-01T23:59:59.999Z'),
      row('c', 'view', 'i1', '2026-11-02T00:00:00.000Z'),
      row('d', 'purchase', 'i1', '2026-11-02T08:00:00.000Z', 2, 10.5),
      row('e', 'search', '', '2026-11-02T08:00:00.000Z'),
    ];
    await store.append(rows).durable;
    await store.append([...rows, rows[0]!]).durable; // a redelivered batch changes no count
    await store.append([row('f', 'click', 'i1', '2026-11-02T09:00:00.000Z'), rows[1]!]).durable;
    const bot = row('g', 'view', 'i1', '2026-11-02T09:00:00.000Z', 0, 0, ['late', 'bot:sequential_items']);
    await store.append([bot, row('h', 'view', 'i1', '2026-11-01T11:00:00.000Z', 0, 0, ['late', 'unknown_item'])])
      .durable;
    assert.equal(
      (await analytics.query<{ n: number }>('SELECT count() AS n FROM clean_events FINAL'))[0]?.n,
      8,
      'each event once (bot events are stored for audit)',
    );

    const counts = await store.dailyCounts('i1', {});
    assert.deepEqual(counts, [
      { day: '2026-11-01', kind: 'view', events: 3, units: 0, revenue: 0 },
      { day: '2026-11-02', kind: 'click', events: 1, units: 0, revenue: 0 },
      { day: '2026-11-02', kind: 'purchase', events: 1, units: 2, revenue: 21 },
      { day: '2026-11-02', kind: 'view', events: 1, units: 0, revenue: 0 },
    ]);
    assert.equal((await store.dailyCounts('i1', { fromDay: '2026-11-02' })).length, 3);
    assert.equal((await store.dailyCounts('i1', { toDay: '2026-10-31' })).length, 0);

    assert.equal(
      (await analytics.query<{ n: number }>("SELECT count() AS n FROM clean_events WHERE event_id = 'g'"))[0]?.n,
      1,
    );
    assert.equal(await store.itemExists('i9'), false);
    await store.upsertItems([
      {
        item_id: 'i9',
        title: '连衣裙',
        description: '',
        brand: 'b',
        category_path: ['服装'],
        price: 99,
        currency: 'CNY',
        attributes: { 颜色: '红' },
        stock: 3,
        updated_at: '2026-11-01T00:00:00.000Z',
      },
    ]);
    assert.equal(await store.itemExists('i9'), true);
    // every catalog upsert also lands in the stock history (migration 005's view), for the forecaster's stock-outs
    const history = await analytics.query<{ stock: number | string }>(
      "SELECT stock FROM item_stock_history WHERE item_id = 'i9'",
    );
    assert.deepEqual(
      history.map((r) => Number(r.stock)),
      [3],
    );
  } finally {
    await analytics.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('101 views one month apart, gathered into one insert, are all stored with exact daily counts', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'aggregator-it-'));
  const analytics = createAnalyticsStore({ mode: 'embedded', path: dir });
  try {
    await runMigrations(analytics, { owner: 'aggregator', directory: migrations });
    const store = new ClickHouseEventStore(analytics, { maxRows: 1000, maxDelayMs: 20 });
    // The engine's default refuses an insert spanning more than 100 partitions (toYYYYMM(occurred_at)).
    const days = Array.from({ length: 101 }, (_, month) => new Date(Date.UTC(2010, month, 15)).toISOString());
    await store.append(days.map((at, month) => row(`m${month}`, 'view', 'i1', at))).durable;
    assert.equal(
      (await analytics.query<{ n: number }>('SELECT count() AS n FROM clean_events FINAL'))[0]?.n,
      days.length,
    );
    assert.deepEqual(
      await store.dailyCounts('i1', {}),
      days.map((at) => ({ day: at.slice(0, 10), kind: 'view', events: 1, units: 0, revenue: 0 })),
    );
  } finally {
    await analytics.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('migration 003 carries events stored before it into the feature store, without bot events in the counts', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'aggregator-it-'));
  const onlyFirst = path.join(dir, 'migrations-001');
  mkdirSync(onlyFirst);
  copyFileSync(path.join(migrations, '001_events.sql'), path.join(onlyFirst, '001_events.sql'));
  const analytics = createAnalyticsStore({ mode: 'embedded', path: path.join(dir, 'ch') });
  try {
    await runMigrations(analytics, { owner: 'aggregator', directory: onlyFirst });
    const store = new ClickHouseEventStore(analytics);
    await analytics.insert('events', [
      row('p', 'view', 'i1', '2026-11-01T10:00:00.000Z'),
      row('b', 'view', 'i1', '2026-11-01T10:00:01.000Z', 0, 0, ['bot:rate']),
    ]);
    assert.deepEqual(
      (await runMigrations(analytics, { owner: 'aggregator', directory: migrations })).applied.length,
      MIGRATION_FILES - 1,
    );
    assert.equal((await store.dailyCounts('i1', {}))[0]?.events, 1, 'after: rebuilt without bots');
  } finally {
    await analytics.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
