import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createAnalyticsStore, runMigrations, type AnalyticsStore, type Migration } from '@demand/analytics-store';
import { ClickHouseEventStore } from '../src/adapters/clickhouse-event-store.adapter.js';
import type { EventRow } from '../src/domain/event-rows.js';
import { migrationsDirectory } from '../src/migrations-directory.js';
import { eventRow } from './event-row-fixture.js';

const NOW = Date.parse('2026-11-30T12:00:00.000Z');
const HOUR = 3_600_000;
const KINDS = ['view', 'view', 'add_to_cart', 'purchase', 'review', 'search'];

function migrationsUpTo(version: number): Migration[] {
  return readdirSync(migrationsDirectory)
    .map((file) => /^(\d+)_(.+)\.sql$/.exec(file))
    .filter((m): m is RegExpExecArray => m !== null && Number(m[1]) <= version)
    .map((m) => ({
      version: Number(m[1]),
      name: m[2]!,
      sql: readFileSync(path.join(migrationsDirectory, m[0]), 'utf8'),
    }));
}

/** `count` events from `first` on, one every 17 minutes going back from NOW, over items i0..i5. */
function events(prefix: string, first: number, count: number): EventRow[] {
  return Array.from({ length: count }, (_, k) => {
    const n = first + k;
    const kind = KINDS[n % KINDS.length]!;
    return eventRow(NOW, `${prefix}${n}`, `u${n % 7}`, kind, kind === 'search' ? '' : `i${n % 6}`, (n * 17) / 1440, {
      quantity: kind === 'purchase' ? 1 + (n % 3) : 0,
      unit_price: kind === 'purchase' ? 10 + (n % 5) : 0,
      rating: kind === 'review' ? [5, 1, 3, 4, 2][n % 5]! : 0,
      flags: n % 23 === 0 ? ['bot:burst'] : [],
    });
  });
}

type Figures = Record<string, { events: number; paid: string[]; good: number; bad: number }>;

/** What item_hourly's states held per item, hour and kind: each non-bot event with an item once. */
function reference(rows: readonly EventRow[]): Figures {
  const out: Figures = {};
  const seen = new Set<string>();
  for (const e of rows) {
    if (seen.has(e.event_id) || e.item_id === '' || e.flags.some((f) => f.startsWith('bot:'))) continue;
    seen.add(e.event_id);
    const hour = Math.floor(new Date(e.occurred_at).getTime() / HOUR) * 3600;
    const figures = (out[`${e.item_id} ${hour} ${e.kind}`] ??= { events: 0, paid: [], good: 0, bad: 0 });
    figures.events += 1;
    if (e.kind === 'purchase') figures.paid.push(`${e.event_id}:${e.quantity}:${e.unit_price}`);
    if (e.kind === 'review' && e.rating >= 4) figures.good += 1;
    if (e.kind === 'review' && e.rating >= 1 && e.rating <= 2) figures.bad += 1;
  }
  for (const f of Object.values(out)) f.paid.sort();
  return out;
}

/** Per item, hour and kind, as `select` (item_hourly's states or item_hourly_figures) gives them. */
async function figures(store: AnalyticsStore, select: string): Promise<Figures> {
  const rows = await store.query<{
    key: string;
    events: number;
    paid: [string, number, number][];
    good: number;
    bad: number;
  }>(`SELECT concat(item_id, ' ', toString(toUnixTimestamp(hour)), ' ', kind) AS key, ${select}`);
  const out: Figures = {};
  for (const r of rows) {
    out[r.key] = {
      events: Number(r.events),
      paid: r.paid.map(([id, q, p]) => `${id}:${q}:${p}`).sort(),
      good: Number(r.good),
      bad: Number(r.bad),
    };
  }
  return out;
}

const OLD_STATES = `uniqExactMerge(events) AS events, groupUniqArrayMerge(paid) AS paid,
  uniqExactMerge(good_reviews) AS good, uniqExactMerge(bad_reviews) AS bad
  FROM item_hourly GROUP BY item_id, hour, kind`;
/** Summed per item, hour and kind as the readers sum them (the view's two tables may both hold an hour). */
const FIGURES = `sum(events) AS events, groupArrayArray(paid) AS paid,
  sum(good_reviews) AS good, sum(bad_reviews) AS bad FROM item_hourly_figures GROUP BY item_id, hour, kind`;

test('010 keeps item figures on both sides of its boundary hour; a redelivery after it counts once', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'aggregator-item-events-'));
  const analytics = createAnalyticsStore({ mode: 'embedded', path: dir });
  try {
    await runMigrations(analytics, { owner: 'aggregator', migrations: migrationsUpTo(9) });
    const store = new ClickHouseEventStore(analytics, { maxRows: 100, maxDelayMs: 5 });
    const before = events('e', 0, 400); // 400 × 17 min ≈ 4.7 days back from NOW
    await Promise.all([store.append(before).durable, store.append(before.slice(100, 250)).durable]);
    assert.deepEqual(await figures(analytics, OLD_STATES), reference(before), 'item_hourly before the migration');

    // Raw retention shorter than the features': the oldest raw events are gone, cut mid-hour.
    const cut = new Date(NOW - 3 * 24 * HOUR - 30 * 60_000).toISOString().replace('T', ' ').replace('Z', '');
    await analytics.command(
      `ALTER TABLE clean_events DELETE WHERE occurred_at < toDateTime64('${cut}', 3, 'UTC')
       SETTINGS mutations_sync = 1`,
    );
    await runMigrations(analytics, { owner: 'aggregator', directory: migrationsDirectory });

    const since = (
      await analytics.query<{ s: number }>('SELECT toUnixTimestamp(max(hour)) AS s FROM item_events_since')
    )[0]!.s;
    assert.equal(since * 1000, Math.floor((NOW - 3 * 24 * HOUR - 30 * 60_000) / HOUR) * HOUR + HOUR);
    const after = await figures(analytics, FIGURES);
    assert.deepEqual(after, reference(before), 'item_hourly_figures right after the migration');
    const hours = Object.keys(after).map((key) => Number(key.split(' ')[1]));
    assert.ok(hours.some((h) => h < since) && hours.some((h) => h >= since), 'figures on both sides of the boundary');
    const views = await analytics.query<{ name: string }>(
      "SELECT name FROM system.tables WHERE name IN ('item_hourly_mv', 'item_events_mv')",
    );
    assert.deepEqual(
      views.map((v) => v.name),
      ['item_events_mv'],
    );

    // After it: a redelivered batch with events from both sides of the boundary, and new events, each twice.
    const later = events('n', 0, 60);
    const redelivered = [...before.slice(0, 40), ...before.slice(330, 380), ...later];
    await Promise.all([store.append(redelivered).durable, store.append(redelivered).durable]);
    assert.deepEqual(await figures(analytics, FIGURES), reference([...before, ...later]));
    await analytics.command('OPTIMIZE TABLE item_events FINAL');
    assert.deepEqual(await figures(analytics, FIGURES), reference([...before, ...later]), 'after merges');
  } finally {
    await analytics.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
