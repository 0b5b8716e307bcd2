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
const WAIT = { quietMs: 5_000, maxWaitMs: 20_000, maxHeldEvents: 12 };
const ITEMS = ['lipstick', 'cream', 'dress'];
const KINDS = ['view', 'click', 'add_to_cart', 'purchase', 'search'];

let serial = 0;
/** A user's `kind` event `daysAgo` days before NOW, imported (backfill) or live. */
function event(user: string, daysAgo: number, backfill: boolean): EventRow {
  const kind = KINDS[serial % KINDS.length]!;
  const item = kind === 'search' ? '' : ITEMS[serial % ITEMS.length]!;
  const extra: Partial<EventRow> =
    kind === 'purchase' || kind === 'add_to_cart'
      ? { order_id: kind === 'purchase' ? `o${serial}` : '', quantity: 1 + (serial % 2), unit_price: 80 + serial }
      : kind === 'search'
        ? { query: 'lipstick' }
        : {};
  return { ...eventRow(NOW, `e${serial++}`, user, kind, item, daysAgo, extra), backfill };
}

test('on in-process ClickHouse: users touched by an import alone wait for it to go quiet, then equal a full refresh', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'aggregator-profile-backfill-'));
  const analytics = createAnalyticsStore({ mode: 'embedded', path: dir });
  try {
    await runMigrations(analytics, { owner: 'aggregator', directory: migrationsDirectory });
    const store = new ClickHouseEventStore(analytics, { maxRows: 1000, maxDelayMs: 10 });
    await store.upsertItems(testCatalog());
    await store.append([event('kept', 40, false), event('kept', 39, false), event('live', 38, false)]).durable;

    let clock = NOW;
    const { source, users: reads } = notingTouchedReads(new ClickHouseProfileSource(analytics));
    const cache = new ProfileCache();
    const service = new ProfileService(
      {
        cache,
        source,
        segment: async (input) => segmentUsers(input),
        now: () => clock,
      },
      { ...HAND_RUN_REFRESHES, backfillWait: WAIT },
    );
    const aggregator = new Aggregator(store);
    aggregator.onStored((users, items, events, backfillOnly) => service.touch(users, items, events, backfillOnly));
    /** One stored batch, then a touched refresh a second later; the users it refreshed. */
    const batch = async (rows: EventRow[]) => {
      await (await aggregator.ingestRows({ events: rows, items: [] })).durable;
      await new Promise((resolve) => setImmediate(resolve));
      clock += 1000;
      return (await service.refreshTouched()).users.sort();
    };
    /**
     * These users' profiles (every number to the last bit) equal a full refresh's at `clock`: every stored event
     * read again, with the item popularity of the service's catalog (popularity moves at full refreshes only).
     */
    const equalFullRefresh = async (users: string[]) => {
      const full = new ProfileCache();
      const items = await source.readCatalog();
      for await (const page of new ClickHouseProfileSource(analytics).readAll())
        full.applyPage({ ...page, items }, clock);
      const mine = new Map(cache.allUserProfiles().map((p) => [p.userId, p]));
      const whole = new Map(full.allUserProfiles().map((p) => [p.userId, p]));
      for (const id of users) assert.equal(exactText(mine.get(id)), exactText(whole.get(id)), id);
      return full.userCount;
    };
    await service.refreshAll();
    assert.equal(cache.histories.has('kept'), true);

    // An import (older events, the same users again and again) beside live traffic: only live users refresh.
    assert.deepEqual(await batch([event('kept', 30, true), event('new', 30, true), event('live', 1, false)]), ['live']);
    assert.deepEqual(await batch([event('kept', 29, true), event('new', 29, true), event('both', 29, true)]), []);
    assert.equal(cache.hasUser('new'), false, 'an imported user waits');
    assert.deepEqual(reads.flat(), [], 'nor is it read');
    // A live event ends a user's wait at once (with its imported events).
    const both = await batch([event('new', 28, true), event('both', 0.5, false), event('both', 28, true)]);
    assert.deepEqual(both, ['both']);
    await equalFullRefresh(both);
    assert.equal(service.pending > 0, true, 'waiting users stay pending');
    // Quiet: no backfill for quietMs: every waiting user is refreshed once, then nothing is pending.
    clock += WAIT.quietMs;
    const quiet = await batch([event('live', 0.2, false), event('both', 0.1, false)]);
    assert.deepEqual(quiet, ['both', 'kept', 'live', 'new']);
    assert.equal(service.pending, 0);
    assert.equal(await equalFullRefresh(quiet), cache.userCount);

    // After a partition gain (kept histories distrusted), past the held-events bound, an import that never pauses:
    // its users are refreshed maxWaitMs after the first waited, all of their events counted.
    service.holdPartitions([0, 1]);
    const started = clock;
    let refreshed: string[] = [];
    for (let day = 20; refreshed.length === 0; day--) {
      assert.ok(clock - started <= WAIT.maxWaitMs + 1000, 'the wait ends');
      refreshed = await batch([event('kept', day, true), event('new', day, true), event('late', day, true)]);
    }
    assert.ok(clock - started >= WAIT.maxWaitMs, 'not before maxWaitMs');
    assert.deepEqual(refreshed, ['kept', 'late', 'new']);
    assert.equal(service.pending, 0);
    await equalFullRefresh(refreshed);

    // Histories kept again (read back), an import past the held-events bound: the waiting users are read back.
    reads.length = 0;
    for (let day = 10; day > 2; day--)
      assert.deepEqual(await batch([event('kept', day, true), event('new', day, true)]), []);
    assert.deepEqual(reads.flat(), []);
    clock += WAIT.quietMs;
    const past = await batch([event('live', 0.05, false)]);
    assert.deepEqual(past, ['kept', 'live', 'new']);
    // (live's history went with the partition gain.)
    assert.deepEqual(reads.flat().sort(), ['kept', 'live', 'new'], 'read back, not held');
    await equalFullRefresh(past);

    // An import longer than maxWaitMs: users refreshed when the wait ended move on by their later imported
    // events, users first seen after it are refreshed once it goes quiet, and every user ends with a profile;
    // each refreshed user's profile equals a full rebuild's at the time it was refreshed.
    const longImport = clock;
    let early: string[] = [];
    for (let day = 60; early.length === 0; day -= 0.5) {
      assert.ok(clock - longImport <= WAIT.maxWaitMs + 1000, 'the wait ends');
      early = await batch([event('kept', day, true), event('early', day, true)]);
    }
    assert.deepEqual(early, ['early', 'kept']);
    await equalFullRefresh(early);
    for (let day = 20; day > 15; day--)
      assert.deepEqual(await batch([event('kept', day, true), event('later', day, true)]), []);
    clock += WAIT.quietMs;
    const afterQuiet = await batch([event('live', 0.01, false)]);
    assert.deepEqual(afterQuiet, ['kept', 'later', 'live']);
    assert.equal(service.pending, 0);
    // Profiles depend on the clock (asOf, recency), so each user is compared with a rebuild when refreshed.
    assert.equal(await equalFullRefresh(afterQuiet), cache.userCount, 'every stored user has a profile');
    await store.close();
  } finally {
    await analytics.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

/** A profile as text that keeps every number's bits (−0, NaN, ∞ included) and absent fields. */
function exactText(profile: object | undefined): string {
  assert.ok(profile, 'a profile');
  return JSON.stringify(profile, (_key, value: unknown) =>
    typeof value === 'number'
      ? Object.is(value, -0)
        ? '-0'
        : String(value)
      : value === undefined
        ? '<absent>'
        : value,
  );
}
