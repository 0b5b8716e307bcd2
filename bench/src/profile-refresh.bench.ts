// bench/profile-refresh: the aggregator's touched profile refresh, CPU per stored event. A history of
// BENCH_REFRESH_HISTORY events is stored and profiled by a full refresh; then BENCH_REFRESH_EVENTS more
// events of the same shop are stored in batches of BENCH_REFRESH_BATCH, each followed by a touched
// refresh (as if every batch waited a tick). Process CPU (JS and chdb's threads) of the refreshes alone
// per stored event, against the CPU of storing the same events (the store's insert, in the same run).
// At the end every profile is checked against a full recompute at the same moment.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  Aggregator,
  ClickHouseEventStore,
  ClickHouseProfileSource,
  migrationsDirectory,
  ProfileCache,
  ProfileService,
} from '@demand/aggregator';
import { createAnalyticsStore, runMigrations } from '@demand/analytics-store';
import { rfmScores } from '@demand/segments';
import { shopCleanEvents } from './clean-events.js';
import { TOUCHED_BY_HAND } from './profile-cache.js';
import { cpuMicros, printBench, progress } from './report.js';

const HISTORY = Number(process.env.BENCH_REFRESH_HISTORY ?? 100_000);
const EVENTS = Number(process.env.BENCH_REFRESH_EVENTS ?? 20_000);
const BATCH = Number(process.env.BENCH_REFRESH_BATCH ?? 2_000);

const events = shopCleanEvents(HISTORY + EVENTS, 31, 'refresh');
const at = (i: number) => events[i]!.event!.occurredAt!.getTime();
const dataDir = mkdtempSync(path.join(tmpdir(), 'bench-refresh-'));
const store = createAnalyticsStore({ mode: 'embedded', path: dataDir, statementTimeoutMs: 600_000 });
try {
  await runMigrations(store, { owner: 'aggregator', directory: migrationsDirectory });
  const eventStore = new ClickHouseEventStore(store, { maxRows: 50_000, maxDelayMs: 10 });
  const aggregator = new Aggregator(eventStore);
  const ingest = async (from: number, to: number) => {
    const { durable } = await aggregator.ingest(events.slice(from, to));
    aggregator.flush();
    await durable;
  };
  // The store's background merges of the parts just inserted count to storing, not to the refresh after.
  const mergesDone = async () => {
    while ((await store.query<{ n: number }>('SELECT count() AS n FROM system.merges'))[0]!.n > 0)
      await new Promise((resolve) => setTimeout(resolve, 10));
  };
  for (let i = 0; i < HISTORY; i += 50_000) await ingest(i, Math.min(HISTORY, i + 50_000));
  let now = at(HISTORY - 1) + 1000;
  const cache = new ProfileCache();
  const inner = new ClickHouseProfileSource(store);
  let readMicros = 0;
  let readUsers = 0;
  let readItems = 0;
  let readEvents = 0;
  const source = {
    readAll: () => inner.readAll(),
    readCatalog: () => inner.readCatalog(),
    readTouched: async (u: readonly string[], i: readonly string[]) => {
      const t = cpuMicros();
      const r = await inner.readTouched(u, i);
      readUsers += u.length;
      readItems += i.length;
      readEvents += r.events.length;
      const spent = t();
      readMicros += spent;
      return r;
    },
  };
  const service = new ProfileService(
    {
      cache,
      source,
      segment: () => Promise.reject(new Error('segments are not fitted here')),
      now: () => now,
    },
    TOUCHED_BY_HAND,
  );
  aggregator.onStored((users, items, itemEvents) => service.touch(users, items, itemEvents));
  await service.refreshAll();
  progress(`profile-refresh: ${cache.userCount} users from ${HISTORY} events; ${EVENTS} more in batches of ${BATCH}`);
  let refreshMicros = 0;
  let storeMicros = 0;
  let touchedUsers = 0;
  let lastUsers: string[] = [];
  for (let i = HISTORY; i < HISTORY + EVENTS; i += BATCH) {
    const end = Math.min(HISTORY + EVENTS, i + BATCH);
    const stored = cpuMicros();
    await ingest(i, end);
    await mergesDone();
    storeMicros += stored();
    now = Math.max(now, at(end - 1) + 1000);
    const refreshed = cpuMicros();
    lastUsers = (await service.refreshTouched()).users;
    touchedUsers += lastUsers.length;
    refreshMicros += refreshed();
  }
  progress(
    `  ${touchedUsers} user profiles refreshed; refresh ${(refreshMicros / EVENTS).toFixed(1)} µs/event, read ${(readMicros / EVENTS).toFixed(1)} (${readUsers} users, ${readItems} items, ${readEvents} events)`,
  );
  const full = new ProfileCache();
  for await (const page of new ClickHouseProfileSource(store).readAll()) full.applyPage(page, now);
  full.rescore();
  assert.equal(cache.userCount, full.userCount);
  const expected = new Map(full.allUserProfiles().map((p) => [p.userId, p]));
  const actual = new Map(cache.allUserProfiles().map((p) => [p.userId, p]));
  for (const id of lastUsers) assert.deepEqual(actual.get(id), expected.get(id));
  progress(`  the ${lastUsers.length} profiles of the last refresh equal a full recompute at the same moment`);
  // Untouched profiles keep their own asOf (recency as of their last refresh): scored against the cache's own values.
  const profiles = cache.allUserProfiles();
  const scores = rfmScores(profiles.map((p) => p.rfm));
  const misscored = profiles.filter((p, i) => {
    const served = cache.userProfile(p.userId);
    const { r, f, m } = scores[i]!;
    return served.rScore !== r || served.fScore !== f || served.mScore !== m;
  });
  assert.equal(misscored.length, 0, `users scored apart from rfmScores, e.g. ${misscored[0]?.userId}`);
  progress(`  every user's served RFM scores equal rfmScores over the cache's profiles`);
  printBench('profile_touched_refresh_cpu_per_event', refreshMicros / EVENTS, 'us', storeMicros / EVENTS);
  await eventStore.close();
} finally {
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
}
