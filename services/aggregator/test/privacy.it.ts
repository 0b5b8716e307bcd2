import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type AnalyticsStore, createAnalyticsStore, runMigrations } from '@demand/analytics-store';
import { ClickHouseEventStore } from '../src/adapters/clickhouse-event-store.adapter.js';
import { ClickHouseUserData } from '../src/adapters/clickhouse-user-data.adapter.js';
import type { EventRow } from '../src/domain/event-rows.js';
import { UserPrivacy } from '../src/domain/user-privacy.js';

const migrations = fileURLToPath(new URL('../../migrations', import.meta.url));

function row(userId: string, n: number, kind: string, sessionId: string, itemId: string): EventRow {
  const at = new Date(Date.UTC(2026, 10, 1, 10, n)).toISOString();
  return {
    event_id: `${userId}-${n}`,
    kind,
    user_id: userId,
    session_id: sessionId,
    item_id: itemId,
    occurred_at: at,
    received_at: at,
    source: 'web',
    quantity: kind === 'purchase' ? 1 : 0,
    unit_price: kind === 'purchase' ? 99 : 0,
    currency: 'CNY',
    rating: kind === 'review' ? 2 : 0,
    text: kind === 'review' ? 'arrived broken' : '',
    query: '',
    order_id: kind === 'purchase' ? `o-${userId}` : '',
    flags: [],
  };
}

/** Every row anywhere in the store that names the user or one of their sessions, by table. */
async function traces(analytics: AnalyticsStore, userId: string, sessions: string[]): Promise<Record<string, number>> {
  const columns = await analytics.query<{ table: string; name: string }>(
    `SELECT c.table AS table, c.name AS name FROM system.columns AS c
       INNER JOIN system.tables AS t ON t.database = c.database AND t.name = c.table
      WHERE c.database = currentDatabase() AND t.engine NOT IN ('MaterializedView', 'View')
        AND c.type NOT LIKE 'AggregateFunction%'
        AND (c.type LIKE '%String%')`,
  );
  const found: Record<string, number> = {};
  for (const { table, name } of columns) {
    const [hit] = await analytics.query<{ n: number }>(
      `SELECT count() AS n FROM \`${table}\` WHERE toString(\`${name}\`) IN {values:Array(String)}`,
      { values: [userId, ...sessions] },
    );
    if (Number(hit?.n) > 0) found[`${table}.${name}`] = (found[`${table}.${name}`] ?? 0) + Number(hit!.n);
  }
  return found;
}

test('ForgetUser leaves no row of the user in any ClickHouse table, keeps the others, and is idempotent', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'aggregator-privacy-'));
  const analytics = createAnalyticsStore({ mode: 'embedded', path: dir });
  try {
    await runMigrations(analytics, { owner: 'aggregator', directory: migrations });
    const events = new ClickHouseEventStore(analytics, { maxRows: 1000, maxDelayMs: 10 });
    const forgotten = 'p0123456789abcdef0123456789abcdef';
    const kept = 'pfedcba9876543210fedcba9876543210';
    const rows = [forgotten, kept].flatMap((user, u) => [
      row(user, 0 + u * 10, 'view', `s-${user}`, 'i1'),
      row(user, 1 + u * 10, 'view', `s-${user}`, 'i2'),
      row(user, 2 + u * 10, 'add_to_cart', `s-${user}`, 'i2'),
      row(user, 3 + u * 10, 'purchase', `s-${user}`, 'i2'),
      row(user, 4 + u * 10, 'review', `s-${user}`, 'i2'),
    ]);
    await events.append(rows).durable;
    await events.close();
    // Tables a later migration might add are found from the schema: one with a user column, and one
    // with only a session column (co-occurrence), whose rows are found through the user's events.
    await analytics.command(
      'CREATE TABLE later_purchases (user_id String, item_id String) ENGINE = MergeTree ORDER BY user_id',
    );
    await analytics.command(
      'CREATE TABLE later_session_items (session_id String, item_id String) ENGINE = MergeTree ORDER BY session_id',
    );
    await analytics.command(
      `INSERT INTO later_purchases SELECT user_id, item_id FROM clean_events WHERE kind = 'purchase'`,
    );
    await analytics.command(`INSERT INTO later_session_items SELECT DISTINCT session_id, item_id
      FROM clean_events WHERE kind IN ('view', 'purchase')`);
    const sentiment = (userId: string, event: EventRow) => ({
      item_id: event.item_id,
      user_id: userId,
      event_id: event.event_id,
      occurred_at: event.occurred_at,
      label: 'negative',
      probability: 0.9,
      rating: 2,
      model_version: 'm1',
    });
    await analytics.insert('review_sentiments', [sentiment(forgotten, rows[4]!), sentiment(kept, rows[9]!)]);
    const before = await traces(analytics, forgotten, [`s-${forgotten}`]);
    for (const table of ['clean_events', 'later_purchases', 'later_session_items', 'review_sentiments']) {
      assert.ok(
        Object.keys(before).some((k) => k.startsWith(`${table}.`)),
        `the user is in ${table} before: ${JSON.stringify(before)}`,
      );
    }
    const keptBefore = await traces(analytics, kept, [`s-${kept}`]);

    const memory: string[][] = [];
    const announced: string[][] = [];
    const privacy = new UserPrivacy(
      new ClickHouseUserData(analytics),
      { forgetUsers: (ids) => (memory.push([...ids]), 1) },
      (userId) => [userId === 'shop-user-1' ? forgotten : userId, userId],
      { destination: 'privacy.forget.v1', announce: async (ids) => void announced.push([...ids]) },
      () => new Date('2026-12-01T00:00:00Z'),
    );
    const exported = await privacy.export('shop-user-1');
    const exportedEvents = exported.tables.find((t) => t.table === 'clean_events')!.rows;
    assert.equal(exportedEvents.length, 5);
    assert.ok(exportedEvents.every((r) => r['user_id'] === forgotten));

    const receipt = await privacy.forget('shop-user-1');
    assert.deepEqual(await traces(analytics, forgotten, [`s-${forgotten}`]), {});
    assert.deepEqual(await traces(analytics, kept, [`s-${kept}`]), keptBefore, 'the other user is untouched');
    const removed = Object.fromEntries(receipt.removed.map((r) => [`${r.store}:${r.table}`, r.rows]));
    assert.equal(removed['clickhouse:clean_events'], 5);
    assert.equal(removed['clickhouse:review_sentiments'], 1);
    assert.equal(removed['clickhouse:later_purchases'], 1);
    assert.ok(removed['clickhouse:later_session_items']! > 0);
    assert.equal(removed['memory:profiles'], 1);
    assert.deepEqual(memory, [[forgotten, 'shop-user-1']]);
    assert.deepEqual(announced, [[forgotten, 'shop-user-1']]);
    assert.deepEqual(receipt.forwardedTo, ['privacy.forget.v1']);

    const again = await privacy.forget('shop-user-1');
    assert.ok(
      again.removed.filter((r) => r.store === 'clickhouse').every((r) => r.rows === 0),
      'idempotent',
    );
    await assert.rejects(privacy.forget('  '), /user_id: must not be empty/);
  } finally {
    await analytics.close();
    rmSync(dir, { recursive: true, force: true });
  }
}, 120_000);
