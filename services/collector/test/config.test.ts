import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { ConfigError } from '@demand/config';
import { loadCollectorConfig } from '../src/config.js';

test('the data directory: COLLECTOR_DATA_DIR, else beside the analytics data (local mode), else .data/collector', () => {
  assert.equal(loadCollectorConfig({ COLLECTOR_DATA_DIR: '/var/lib/collector' }).dataDir, '/var/lib/collector');
  assert.equal(
    loadCollectorConfig({ ANALYTICS_DATA_DIR: '/srv/demo/clickhouse' }).dataDir,
    path.join('/srv/demo', 'collector'),
  );
  assert.equal(loadCollectorConfig({}).dataDir, path.join('.data', 'collector'));
});

test('the de-duplication window and memory are configurable and checked', () => {
  const config = loadCollectorConfig({ COLLECTOR_DEDUP_WINDOW_MS: '3600000', COLLECTOR_DEDUP_MAX_IDS: '5000' });
  assert.deepEqual(config.dedup, { windowMs: 3_600_000, pruneEveryMs: 60_000, maxIds: 5000 });
  assert.throws(
    () => loadCollectorConfig({ COLLECTOR_DEDUP_WINDOW_MS: '0', COLLECTOR_DEDUP_MAX_IDS: 'lots' }),
    (e: ConfigError) =>
      e.problems.length === 2 && e.problems.every((p) => /^COLLECTOR_DEDUP_(WINDOW_MS|MAX_IDS): /.test(p)),
  );
});
