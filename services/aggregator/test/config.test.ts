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

test('the read port: unset or empty is off, 0 any free port, a port of its own, checked at start-up', () => {
  assert.equal(loadAggregatorConfig({}).env.AGGREGATOR_READ_GRPC_PORT, undefined);
  assert.equal(loadAggregatorConfig({ AGGREGATOR_READ_GRPC_PORT: '' }).env.AGGREGATOR_READ_GRPC_PORT, undefined);
  assert.equal(loadAggregatorConfig({ AGGREGATOR_READ_GRPC_PORT: '0' }).env.AGGREGATOR_READ_GRPC_PORT, 0);
  assert.equal(loadAggregatorConfig({ AGGREGATOR_READ_GRPC_PORT: '50064' }).env.AGGREGATOR_READ_GRPC_PORT, 50064);
  assert.throws(() => loadAggregatorConfig({ AGGREGATOR_READ_GRPC_PORT: 'fast' }), /AGGREGATOR_READ_GRPC_PORT/);
  assert.throws(() => loadAggregatorConfig({ AGGREGATOR_READ_GRPC_PORT: '70000' }), /AGGREGATOR_READ_GRPC_PORT/);
  assert.throws(
    () => loadAggregatorConfig({ AGGREGATOR_READ_GRPC_PORT: '50054' }),
    /AGGREGATOR_READ_GRPC_PORT: must differ from GRPC_PORT/,
  );
  assert.throws(
    () => loadAggregatorConfig({ AGGREGATOR_READ_GRPC_PORT: '9000', HTTP_PORT: '9000' }),
    /AGGREGATOR_READ_GRPC_PORT: must differ from HTTP_PORT/,
  );
});
