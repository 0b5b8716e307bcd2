import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, test } from '@jest/globals';
import { type AnalyticsStore, createAnalyticsStore, runMigrations } from '@demand/analytics-store';
import { ClickHouseFeedbackStore } from '../src/adapters/clickhouse-feedback-store.adapter.js';
import type { ServedRow } from '../src/domain/feedback-rows.js';

// The recommender's migration 001 and the feedback's migrations share one database: served_lists takes the shape
// of whichever ran first, and the feedback's own table must keep one row per list either way.
const feedbackMigrations = fileURLToPath(new URL('../../migrations', import.meta.url));
const recommenderServedLists = {
  owner: 'recommender',
  migrations: [
    {
      version: 1,
      name: 'served_lists',
      sql: readFileSync(new URL('../../../recommender/migrations/001_served_lists.sql', import.meta.url), 'utf8'),
    },
  ],
};
const feedbackFirst = {
  owner: 'feedback',
  migrations: [
    { version: 1, name: 'feedback', sql: readFileSync(path.join(feedbackMigrations, '001_feedback.sql'), 'utf8') },
  ],
};

const at = Date.parse('2026-11-20T10:00:00.000Z');
const list = (id: string, offsetMs: number): ServedRow => ({
  recommendationId: id,
  userId: `user-${id}`,
  servedAtMs: at + offsetMs,
  method: 'home',
  page: 'home',
  arm: 'learned',
  modelVersion: 'ranker@3',
  coldStart: id.endsWith('cold'),
  itemIds: ['sku-1', 'sku-2'],
  scores: [0.75, 0.5],
});
/** A list logged into served_lists before the feedback service moved off it, in whichever shape the table has. */
const loggedBefore = list('logged-before-cold', 0);

let dir: string;
let analytics: AnalyticsStore;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'feedback-served-lists-'));
  analytics = createAnalyticsStore({ mode: 'embedded', path: path.join(dir, 'clickhouse') });
});
afterAll(async () => {
  await analytics?.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  for (const table of ['served_lists', 'feedback_served_lists', 'schema_migrations'])
    await analytics.command(`DROP TABLE IF EXISTS ${table}`);
});

/**
 * A list written into served_lists twice, as both the recommender (its 001) and the feedback (its 001) did,
 * and as replicas of the release before still do during a rolling deploy.
 */
async function logTwiceIntoServedLists(r: ServedRow = loggedBefore): Promise<void> {
  const shape = await analytics.query<{ name: string }>(
    "SELECT name FROM system.columns WHERE database = currentDatabase() AND table = 'served_lists' ORDER BY name",
  );
  const row = {
    recommendation_id: r.recommendationId,
    user_id: r.userId,
    served_at: new Date(r.servedAtMs).toISOString(),
    method: r.method,
    page: r.page,
    arm: r.arm,
    model_version: r.modelVersion,
    cold_start: r.coldStart ? 1 : 0,
    item_ids: r.itemIds,
    scores: r.scores,
    ...(shape.some((c) => c.name === 'current_item_id') ? { current_item_id: '' } : {}),
  };
  await analytics.insert('served_lists', [row]);
  await analytics.insert('served_lists', [row]);
}

async function storedRowsAfterMerge(): Promise<number> {
  await analytics.command('OPTIMIZE TABLE feedback_served_lists FINAL');
  return Number((await analytics.query<{ n: number }>('SELECT count() AS n FROM feedback_served_lists'))[0]!.n);
}

describe.each([
  {
    order: 'the recommender migrated first',
    migrate: async () => {
      await runMigrations(analytics, recommenderServedLists);
      await logTwiceIntoServedLists();
      await runMigrations(analytics, { owner: 'feedback', directory: feedbackMigrations });
    },
    servedListsEngine: 'MergeTree',
  },
  {
    order: 'the feedback service migrated first',
    migrate: async () => {
      await runMigrations(analytics, feedbackFirst);
      await logTwiceIntoServedLists();
      await runMigrations(analytics, { owner: 'feedback', directory: feedbackMigrations });
      await runMigrations(analytics, recommenderServedLists);
    },
    servedListsEngine: 'ReplacingMergeTree',
  },
])('when $order', ({ migrate, servedListsEngine }) => {
  test('a redelivered list is stored and counted once, and lists logged before are carried over once', async () => {
    await migrate();
    const engines = await analytics.query<{ name: string; engine: string }>(
      `SELECT name, engine FROM system.tables WHERE database = currentDatabase()
       AND name IN ('served_lists', 'feedback_served_lists') ORDER BY name`,
    );
    assert.deepEqual(
      engines.map((t) => `${t.name} ${t.engine}`),
      ['feedback_served_lists ReplacingMergeTree', `served_lists ${servedListsEngine}`],
    );

    const feedback = new ClickHouseFeedbackStore(analytics);
    const redelivered = list('redelivered', 60_000);
    await feedback.saveServed([redelivered]);
    await feedback.saveServed([redelivered]);

    assert.equal(await storedRowsAfterMerge(), 2, 'one row per list once merged: the redelivered one and the copy');
    const served = await feedback.servedBetween(at - 1000, at + 3_600_000);
    assert.deepEqual(
      served.sort((a, b) => a.servedAtMs - b.servedAtMs),
      [loggedBefore, redelivered],
    );
  });

  test('lists an old replica logs into served_lists after the copy (a rolling deploy) are read too, once', async () => {
    await migrate();
    const feedback = new ClickHouseFeedbackStore(analytics);
    const ownList = list('own', 60_000);
    await feedback.saveServed([ownList]);
    const byOldReplica = list('old-replica-cold', 120_000);
    await logTwiceIntoServedLists(byOldReplica);
    const served = await feedback.servedBetween(at - 1000, at + 3_600_000);
    assert.deepEqual(
      served.sort((a, b) => a.servedAtMs - b.servedAtMs),
      [loggedBefore, ownList, byOldReplica],
      'the copied list (in both tables) once, the own list, and the old replica’s list once',
    );
    assert.equal((await feedback.servedBetween(at + 100_000, at + 3_600_000)).length, 1, 'the window holds');

    await analytics.command('DROP TABLE served_lists');
    assert.deepEqual(
      (await feedback.servedBetween(at - 1000, at + 3_600_000)).map((r) => r.recommendationId).sort(),
      ['logged-before-cold', 'own'],
      'once the legacy table is dropped, the own table alone',
    );
  });
});
