import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createAnalyticsStore, runMigrations } from '@demand/analytics-store';
import type { ItemEvent } from '@demand/segments';
import { ClickHouseEventStore } from '../src/adapters/clickhouse-event-store.adapter.js';
import { ClickHouseProfileSource } from '../src/adapters/clickhouse-profile-source.js';
import { migrationsDirectory } from '../src/migrations-directory.js';
import { eventRow } from './event-row-fixture.js';

const NOW = Date.parse('2026-11-30T12:00:00.000Z');

/** Each read event as `at id`, dialog turns left out (they follow the others, in no set order). */
function order(events: readonly ItemEvent[]): string[] {
  return events
    .filter((e) => e.kind !== 'dialog_turn')
    .map((e) => `${e.at} ${(e as ItemEvent & { eventId: string }).eventId}`);
}

test('on in-process ClickHouse: profile events are read in the store order, time then event id', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'aggregator-source-order-it-'));
  const analytics = createAnalyticsStore({ mode: 'embedded', path: dir });
  try {
    await runMigrations(analytics, { owner: 'aggregator', directory: migrationsDirectory });
    const store = new ClickHouseEventStore(analytics, { maxRows: 1000, maxDelayMs: 10 });
    // Two parts, items and users whose own orders differ from time order, equal times broken by the id alone.
    await store.append([
      eventRow(NOW, 'e9', 'u2', 'view', 'a-item', 1),
      eventRow(NOW, 'e2', 'u1', 'view', 'z-item', 1),
      eventRow(NOW, 'e5', 'u1', 'view', 'b-item', 3),
    ]).durable;
    await store.append([
      eventRow(NOW, 'e10', 'u2', 'view', 'c-item', 1),
      eventRow(NOW, 'e1', 'u1', 'view', 'a-item', 2),
      eventRow(NOW, 'e7', 'u2', 'view', 'z-item', 3),
      eventRow(NOW, 'e3', 'u1', 'dialog_turn', '', 0.5, { text: 'hello' }),
    ]).durable;
    const day = (n: number) => NOW - n * 86_400_000;
    const expected = [`${day(3)} e5`, `${day(3)} e7`, `${day(2)} e1`, `${day(1)} e10`, `${day(1)} e2`, `${day(1)} e9`];

    const source = new ClickHouseProfileSource(analytics, 100);
    assert.deepEqual(order((await source.readTouched(['u2', 'u1'], [])).events), expected);
    assert.deepEqual(order((await source.readTouched([], ['z-item', 'a-item', 'b-item', 'c-item'])).events), expected);
    const byUser: string[] = [];
    const byItem: string[] = [];
    for await (const page of source.readAll())
      ((page.userIds?.size ?? 0) > 0 ? byUser : byItem).push(...order(page.events));
    assert.deepEqual(byUser, expected);
    assert.deepEqual(byItem, expected);
    await store.close();
  } finally {
    await analytics.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
