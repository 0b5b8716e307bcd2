import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAnalyticsStore, runMigrations } from '@demand/analytics-store';
import { ClickHouseEventStore } from '../src/adapters/clickhouse-event-store.adapter.js';
import type { EventRow } from '../src/domain/event-rows.js';

const migrations = fileURLToPath(new URL('../../migrations', import.meta.url));

function row(eventId: string, kind: string, itemId: string, occurredAt: string, quantity = 0, unitPrice = 0): EventRow {
  return { event_id: eventId, kind, user_id: 'u1', session_id: 's1', item_id: itemId, occurred_at: occurredAt, received_at: occurredAt, source: 'web', quantity, unit_price: unitPrice, currency: 'CNY', rating: 0, text: '', query: '', order_id: '', flags: [] };
}

test('on in-process ClickHouse: idempotent inserts feed exact daily counts through the materialized view', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'aggregator-it-'));
  const analytics = createAnalyticsStore({ mode: 'embedded', path: dir });
  try {
    const first = await runMigrations(analytics, { owner: 'aggregator', directory: migrations });
    assert.equal(first.applied.length, 1);
    assert.equal((await runMigrations(analytics, { owner: 'aggregator', directory: migrations })).applied.length, 0);

    const store = new ClickHouseEventStore(analytics);
    const rows = [
      row('a', 'view', 'i1', '2026-11-01T10:00:00.000Z'),
      row('b', 'view', 'i1', '2026-11-01T23:59:59.999Z'),
      row('c', 'view', 'i1', '2026-11-02T00:00:00.000Z'),
      row('d', 'purchase', 'i1', '2026-11-02T08:00:00.000Z', 2, 10.5),
      row('e', 'search', '', '2026-11-02T08:00:00.000Z'),
    ];
    assert.equal(await store.insertNew(rows), 5);
    assert.equal(await store.insertNew([...rows, rows[0]!]), 0, 'a redelivered batch stores nothing');
    assert.equal(await store.insertNew([row('f', 'click', 'i1', '2026-11-02T09:00:00.000Z'), rows[1]!]), 1);

    const counts = await store.dailyCounts('i1', {});
    assert.deepEqual(counts, [
      { day: '2026-11-01', kind: 'view', events: 2, units: 0, revenue: 0 },
      { day: '2026-11-02', kind: 'click', events: 1, units: 0, revenue: 0 },
      { day: '2026-11-02', kind: 'purchase', events: 1, units: 2, revenue: 21 },
      { day: '2026-11-02', kind: 'view', events: 1, units: 0, revenue: 0 },
    ]);
    assert.equal((await store.dailyCounts('i1', { fromDay: '2026-11-02' })).length, 3);
    assert.equal((await store.dailyCounts('i1', { toDay: '2026-10-31' })).length, 0);

    assert.equal(await store.itemExists('i9'), false);
    await store.upsertItems([{ item_id: 'i9', title: '连衣裙', description: '', brand: 'b', category_path: ['服装'], price: 99, currency: 'CNY', attributes: { 颜色: '红' }, stock: 3, updated_at: '2026-11-01T00:00:00.000Z' }]);
    assert.equal(await store.itemExists('i9'), true);
  } finally {
    await analytics.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
