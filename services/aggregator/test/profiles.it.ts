import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createAnalyticsStore, runMigrations } from '@demand/analytics-store';
import { Event } from '@demand/contracts';
import { segmentUsers } from '@demand/segments';
import { ClickHouseEventStore } from '../src/adapters/clickhouse-event-store.adapter.js';
import { ClickHouseProfileSource } from '../src/adapters/clickhouse-profile-source.js';
import { Aggregator } from '../src/domain/aggregator.js';
import type { EventRow } from '../src/domain/event-rows.js';
import { ProfileService } from '../src/domain/profile-service.js';
import { ProfileCache } from '../src/domain/profiles.js';
import { migrationsDirectory } from '../src/migrations-directory.js';
import { eventRow, HAND_RUN_REFRESHES, testCatalog } from './event-row-fixture.js';

const NOW = Date.parse('2026-11-30T12:00:00.000Z');

const row = (id: string, user: string, kind: string, item: string, daysAgo: number, extra: Partial<EventRow> = {}) =>
  eventRow(NOW, id, user, kind, item, daysAgo, extra);

test('on in-process ClickHouse: stored events become profiles; a stored batch refreshes its user', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'aggregator-profiles-it-'));
  const analytics = createAnalyticsStore({ mode: 'embedded', path: dir });
  try {
    await runMigrations(analytics, { owner: 'aggregator', directory: migrationsDirectory });
    const store = new ClickHouseEventStore(analytics, { maxRows: 1000, maxDelayMs: 10 });
    await store.upsertItems(testCatalog());
    const rows = [
      row('e1', 'u1', 'view', 'lipstick', 3),
      row('e2', 'u1', 'view', 'cream', 3),
      row('e3', 'u1', 'purchase', 'lipstick', 2, { order_id: 'o1', quantity: 2, unit_price: 90 }),
      row('e4', 'u1', 'review', 'lipstick', 1, { rating: 4, text: '颜色很好看' }),
      row('e12', 'u1', 'search', '', 3, { query: 'matte lipstick' }),
      row('e10', 'u1', 'dialog_turn', 'lipstick', 0.5, { session_id: 'cs-1', text: '什么时候发货' }),
      row('e11', 'u1', 'dialog_turn', 'lipstick', 0.5, { session_id: 'cs-1', text: '亲，今天发货' }),
      row('e5', 'u2', 'view', 'lipstick', 5),
      row('e6', 'u2', 'view', 'cream', 5),
      row('e7', 'u2', 'purchase', 'dress', 4, { order_id: 'o2', quantity: 1, unit_price: 300 }),
      row('e8', 'u3', 'view', 'dress', 1, { flags: ['bot:rate'] }),
      row('e13', 'u4', 'dialog_turn', '', 0.5, { session_id: 'cs-2', text: '在吗' }),
    ];
    await store.append(rows).durable;
    await store.append([rows[0]!]).durable; // redelivered: counted once
    await analytics.insertCompact(
      'review_sentiments',
      ['item_id', 'user_id', 'event_id', 'occurred_at', 'label', 'probability', 'rating', 'model_version'],
      [['lipstick', 'u1', 'e4', rows[3]!.occurred_at, 'positive', 0.8, 4, 'm1']],
    );

    const cache = new ProfileCache();
    const aggregator = new Aggregator(store);
    const service = new ProfileService(
      {
        cache,
        source: new ClickHouseProfileSource(analytics, 2), // pages of ≥ 2 events: several pages
        segment: async (input) => segmentUsers(input),
        now: () => NOW,
      },
      HAND_RUN_REFRESHES,
    );
    aggregator.onStored((users, items) => service.touch(users, items));
    await service.refreshAll();

    const u1 = cache.userProfile('u1');
    assert.equal(u1.activity?.views, 2, 'the redelivered view counts once');
    assert.equal(u1.frequency, 1);
    assert.equal(u1.monetary, 180);
    assert.equal(u1.topCategories[0]?.name, '美妆');
    assert.equal(u1.sentiment?.meanRating, 4);
    assert.ok(Math.abs((u1.sentiment?.meanSentiment ?? 0) - 0.8) < 1e-6, 'sentiment joined by the review event id');
    assert.throws(() => cache.userProfile('u3'), { code: 'NOT_FOUND' }, 'bot events make no profile');
    assert.equal(cache.userProfile('u4').voice?.conversations, 1, 'a user who only wrote to customer service');
    // One conversation of two turns in three shopping sessions; four texts (review, search, two turns), one in English.
    assert.deepEqual(u1.voice, { conversations: 1, conversationsPerSession: 1 / 3, texts: 4, englishShare: 1 / 4 });

    const lipstick = cache.itemProfile('lipstick');
    assert.equal(lipstick.views, 2);
    assert.equal(lipstick.purchases, 1);
    assert.equal(lipstick.units, 2);
    assert.equal(lipstick.coViewed[0]?.itemId, 'cream', 'viewed in the same sessions');
    assert.equal(cache.itemProfile('dress').coBought.length, 0);

    // A new batch through the aggregator: its users and items are refreshed from the store.
    const { durable } = await aggregator.ingest([
      {
        event: Event.fromPartial({
          eventId: 'e9',
          userId: 'u2',
          occurredAt: new Date(NOW - 3_600_000 + 7),
          payload: {
            $case: 'purchase',
            purchase: { orderId: 'o3', itemId: 'lipstick', quantity: 1, unitPrice: 100, currency: 'CNY' },
          },
        }),
        flags: [],
        schemaVersion: 1,
      },
    ]);
    await durable;
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(service.pending, 2);
    const refreshed = await service.refreshTouched();
    assert.deepEqual(refreshed.users, ['u2']);
    assert.equal(cache.userProfile('u2').frequency, 2);
    assert.equal(cache.itemProfile('lipstick').purchases, 2);
    assert.equal(cache.userProfile('u1').frequency, 1, 'u1 untouched');
    // toRows writes event times as epoch milliseconds: stored to the millisecond, in UTC.
    const [stored] = await analytics.query<{ at: string; day: string }>(
      `SELECT toString(toUnixTimestamp64Milli(occurred_at)) AS at, toString(toDate(occurred_at)) AS day
       FROM clean_events WHERE event_id = 'e9'`,
    );
    assert.deepEqual({ ...stored }, { at: String(NOW - 3_600_000 + 7), day: '2026-11-30' });

    // Reads by user go through the user-ordered projection (migration 006), not a scan in item order,
    // also after a deduplicating merge (it rebuilds the projection). On a handful of rows in a few
    // tiny parts the engine may pick either, hence more rows and one merged part.
    await analytics.command(
      `INSERT INTO clean_events (event_id, kind, user_id, item_id, occurred_at, received_at)
       SELECT concat('x', toString(number)), 'view', concat('x', toString(number % 5000)), 'dress',
              toDateTime64('2026-11-20 00:00:00', 3, 'UTC') AS at, at
       FROM numbers(50000)`,
    );
    await analytics.command('OPTIMIZE TABLE clean_events FINAL');
    const plan = await analytics.query<{ explain: string }>(
      `EXPLAIN SELECT event_id, kind, occurred_at FROM clean_events WHERE user_id IN ('x1')`,
    );
    assert.match(plan.map((r) => r.explain).join('\n'), /ReadFromMergeTree \(by_user\)/);
    await store.close();
  } finally {
    await analytics.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
