import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createAnalyticsStore, runMigrations } from '@demand/analytics-store';
import { segmentUsers } from '@demand/segments';
import { ClickHouseEventStore } from '../src/adapters/clickhouse-event-store.adapter.js';
import { ClickHouseProfileSource } from '../src/adapters/clickhouse-profile-source.js';
import { Aggregator } from '../src/domain/aggregator.js';
import type { EventRow } from '../src/domain/event-rows.js';
import { ProfileService } from '../src/domain/profile-service.js';
import { ProfileCache } from '../src/domain/profiles.js';
import { migrationsDirectory } from '../src/migrations-directory.js';
import { eventRow, HAND_RUN_REFRESHES, notingTouchedReads, testCatalog } from './event-row-fixture.js';

const NOW = Date.parse('2026-11-30T12:00:00.000Z');
const row = (id: string, user: string, kind: string, item: string, daysAgo: number, extra: Partial<EventRow> = {}) =>
  eventRow(NOW, id, user, kind, item, daysAgo, extra);
const options = HAND_RUN_REFRESHES;

test('on in-process ClickHouse: profiles moved on by stored batches equal a full recompute, read only where they must be', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'aggregator-profile-incremental-'));
  const analytics = createAnalyticsStore({ mode: 'embedded', path: dir });
  try {
    await runMigrations(analytics, { owner: 'aggregator', directory: migrationsDirectory });
    const store = new ClickHouseEventStore(analytics, { maxRows: 1000, maxDelayMs: 10 });
    await store.upsertItems(testCatalog(['美妆', '唇部']));
    const history = [
      row('e1', 'u1', 'view', 'lipstick', 9),
      row('e2', 'u1', 'purchase', 'lipstick', 8, { order_id: 'o1', quantity: 2, unit_price: 90 }),
      row('e3', 'u1', 'review', 'lipstick', 7, { rating: 4, text: 'nice colour' }),
      row('e4', 'u2', 'view', 'cream', 6),
      row('e5', 'u2', 'search', '', 6, { query: '面霜' }),
      row('e6', 'u3', 'view', 'dress', 5, { flags: ['bot:rate'] }),
    ];
    await store.append(history).durable;
    await analytics.insertCompact(
      'review_sentiments',
      ['item_id', 'user_id', 'event_id', 'occurred_at', 'label', 'probability', 'rating', 'model_version'],
      [['lipstick', 'u1', 'e3', history[2]!.occurred_at, 'positive', 0.7, 4, 'm1']],
    );

    const { source, users: readUsers, items: readItems } = notingTouchedReads(new ClickHouseProfileSource(analytics));
    const cache = new ProfileCache();
    const service = new ProfileService(
      {
        cache,
        source,
        segment: async (input) => segmentUsers(input),
        now: () => NOW,
      },
      options,
    );
    const aggregator = new Aggregator(store);
    aggregator.onStored((users, items, events) => service.touch(users, items, events));
    const ingest = async (rows: EventRow[]) => {
      await (await aggregator.ingestRows({ events: rows, items: [] })).durable;
      await new Promise((resolve) => setImmediate(resolve));
      await service.refreshTouched();
    };
    await service.refreshAll();
    assert.equal(cache.histories.size, 2, 'u1 and u2 are kept (u3 has bot events only)');

    // Users with kept histories and a user new since the full refresh follow the stored events.
    await ingest([
      row('e7', 'u1', 'view', 'cream', 1),
      row('e8', 'u1', 'search', '', 1, { query: 'matte lipstick' }),
      row('e9', 'u1', 'dialog_turn', 'lipstick', 0.5, { session_id: 'cs-1', text: '什么时候发货' }),
      row('e1', 'u1', 'view', 'lipstick', 9), // redelivered: counted once
      row('e10', 'u2', 'add_to_cart', 'cream', 1, { quantity: 1, unit_price: 150 }),
      row('e11', 'u2', 'remove_from_cart', 'cream', 1),
      row('e12', 'u2', 'view', 'dress', 1, { flags: ['bot:rate'] }),
      row('e13', 'u5', 'view', 'dress', 2),
      row('e14', 'u5', 'purchase', 'dress', 2, { order_id: 'o2', quantity: 1, unit_price: 280 }),
    ]);
    assert.deepEqual(readUsers.flat(), [], 'no user history read again');
    assert.equal(cache.userProfile('u1').activity?.views, 2);
    assert.equal(cache.userProfile('u5').frequency, 1);

    // A new review's sentiment is judged later: its user is read from the store.
    await ingest([
      row('e15', 'u5', 'review', 'dress', 1, { rating: 2, text: '一般' }),
      row('e16', 'u2', 'view', 'lipstick', 0.2),
    ]);
    assert.deepEqual(readUsers.flat(), ['u5']);

    // Items touched only by events their profiles do not count: unchanged, not read (one never
    // profiled is read, as a full read would give it a profile).
    await ingest([
      row('e17', 'u2', 'remove_from_cart', 'lipstick', 0.1),
      row('e18', 'u2', 'view', 'cream', 0.1, { flags: ['bot:rate'] }),
      row('e19', 'u2', 'remove_from_cart', 'scarf', 0.1),
    ]);
    assert.deepEqual(readItems.flat(), ['scarf']);

    // The same moment recomputed from the store in full: every profile (and RFM score) alike.
    const full = new ProfileCache();
    for await (const page of new ClickHouseProfileSource(analytics).readAll()) full.applyPage(page, NOW);
    full.rescore();
    assert.equal(cache.userCount, 3);
    assert.equal(full.userCount, 3);
    for (const { userId } of full.allUserProfiles()) {
      assert.deepEqual(cache.userProfile(userId), full.userProfile(userId), userId);
    }
    // Not lipstick: e1, stored before the full refresh and redelivered after it, counts twice in its
    // item until the next full refresh (a documented limit of items following their events).
    for (const itemId of ['cream', 'dress', 'scarf']) {
      assert.deepEqual(cache.itemProfile(itemId), full.itemProfile(itemId), itemId);
    }
    const { texts, englishShare } = cache.userProfile('u1').voice!;
    assert.deepEqual(
      { texts, englishShare },
      { texts: 3, englishShare: 2 / 3 },
      'languages judged as user_texts judges them',
    );
    await store.close();
  } finally {
    await analytics.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
