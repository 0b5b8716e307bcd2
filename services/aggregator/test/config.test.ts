import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { loadAggregatorConfig } from '../src/config.js';

test('retention days per table group come from validated environment variables', () => {
  const { env } = loadAggregatorConfig({ AGGREGATOR_RAW_TTL_DAYS: '90' });
  assert.equal(env.AGGREGATOR_RAW_TTL_DAYS, 90);
  assert.equal(env.AGGREGATOR_FEATURES_TTL_DAYS, 400);
  assert.throws(() => loadAggregatorConfig({ AGGREGATOR_FEATURES_TTL_DAYS: '0' }), /AGGREGATOR_FEATURES_TTL_DAYS/);
  assert.throws(() => loadAggregatorConfig({ AGGREGATOR_RAW_TTL_DAYS: 'soon' }), /AGGREGATOR_RAW_TTL_DAYS/);
});
