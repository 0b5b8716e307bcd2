import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { type AnalyticsStore, createAnalyticsStore, runMigrations } from '@demand/analytics-store';
import type { RecsServed } from '@demand/contracts';
import { createLogger } from '@demand/telemetry';
import { ClickHouseServedLists } from '../src/adapters/clickhouse-served-lists.adapter.js';

const migrations = fileURLToPath(new URL('../../migrations', import.meta.url));
/** The feedback service migrates the same database in local mode (and may in a cell): its tables first. */
const feedbackMigrations = fileURLToPath(new URL('../../../feedback/migrations', import.meta.url));
const served = (id: string, user: string, items: string[]): RecsServed => ({
  recommendationId: id,
  userId: user,
  method: 'recommend',
  page: 'home',
  currentItemId: '',
  itemIds: items,
  scores: items.map((_, r) => 1 / (1 + r)),
  coldStart: false,
  arm: 'control',
  modelVersions: { model: 'v3', als: 'implicit_als-k32@x' },
  servedAt: new Date('2026-12-01T10:00:00.123Z'),
});

describe('served lists in the recommender’s own table', () => {
  let dir: string;
  let store: AnalyticsStore;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'recs-served-'));
    store = createAnalyticsStore({ mode: 'embedded', path: dir });
    await runMigrations(store, { owner: 'feedback', directory: feedbackMigrations });
    await runMigrations(store, { owner: 'recommender', directory: migrations });
  });
  afterAll(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('are written in one batch on flush, one row per list with its items, scores, arm and model version', async () => {
    const lists = new ClickHouseServedLists(store, createLogger({ service: 't', level: 'silent' }), 60_000);
    lists.publish(served('r1', 'u1', ['a', 'b']));
    lists.publish(served('r2', 'u2', ['c']));
    assert.deepEqual(
      await store.query('SELECT count() AS n FROM recommender_served_lists'),
      [{ n: 0 }].map((r) => r),
    );
    await lists.flush();
    const rows = await store.query<Record<string, unknown>>(
      `SELECT recommendation_id, user_id, item_ids, scores, cold_start, arm, model_version,
              toUnixTimestamp64Milli(served_at) AS at FROM recommender_served_lists ORDER BY recommendation_id`,
    );
    assert.deepEqual(JSON.parse(JSON.stringify(rows)), [
      {
        recommendation_id: 'r1',
        user_id: 'u1',
        item_ids: ['a', 'b'],
        scores: [1, 0.5],
        cold_start: 0,
        arm: 'control',
        model_version: 'v3',
        at: Date.parse('2026-12-01T10:00:00.123Z'),
      },
      {
        recommendation_id: 'r2',
        user_id: 'u2',
        item_ids: ['c'],
        scores: [1],
        cold_start: 0,
        arm: 'control',
        model_version: 'v3',
        at: Date.parse('2026-12-01T10:00:00.123Z'),
      },
    ]);
  }, 60_000);
});

describe('lists the feedback-shaped served_lists already held', () => {
  it('are copied into recommender_served_lists by migration 002, once each', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'recs-served-copy-'));
    const store = createAnalyticsStore({ mode: 'embedded', path: dir });
    try {
      await runMigrations(store, { owner: 'feedback', directory: feedbackMigrations });
      const row = {
        recommendation_id: 'r0',
        user_id: 'u0',
        served_at: '2026-11-30T10:00:00.000Z',
        method: 'recommend',
        page: 'home',
        arm: 'control',
        model_version: 'v1',
        cold_start: false,
        item_ids: ['a', 'b'],
        scores: [1, 0.5],
      };
      await store.insert('served_lists', [row, row]); // a redelivered list, stored twice
      await runMigrations(store, { owner: 'recommender', directory: migrations });
      const copied = await store.query<Record<string, unknown>>(
        'SELECT recommendation_id, user_id, item_ids, current_item_id FROM recommender_served_lists',
      );
      assert.deepEqual(JSON.parse(JSON.stringify(copied)), [
        { recommendation_id: 'r0', user_id: 'u0', item_ids: ['a', 'b'], current_item_id: '' },
      ]);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
