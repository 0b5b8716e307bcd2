import assert from 'node:assert/strict';
import { test } from '@jest/globals';
import type { AnalyticsStore, StoreHealth } from '@demand/analytics-store';
import { createLogger } from '@demand/telemetry';
import { analyticsStoreConfig, analyticsStoreProvider, Lifecycle, Readiness } from '../src/index.js';

const logger = createLogger({ service: 'test', level: 'silent' });

const env = {
  TENANT_ID: 'default',
  ANALYTICS_STORE: 'embedded' as const,
  ANALYTICS_DATA_DIR: '/tmp/unused',
  ANALYTICS_STATEMENT_TIMEOUT_MS: 2_500,
  CLICKHOUSE_USER: 'default',
  CLICKHOUSE_PASSWORD: '',
  CLICKHOUSE_DATABASE: 'default',
};

test('the embedded store is configured with the statement time limit from the environment', () => {
  assert.deepEqual(analyticsStoreConfig(env), { mode: 'embedded', path: '/tmp/unused', statementTimeoutMs: 2_500 });
});

test("a ClickHouse server store works in the tenant's own database, derived from the deployment's base database", () => {
  const server = {
    ...env,
    ANALYTICS_STORE: 'server' as const,
    CLICKHOUSE_URL: 'http://ch:8123',
    CLICKHOUSE_DATABASE: 'demand',
  };
  const databaseOf = (tenant: string) => {
    const config = analyticsStoreConfig({ ...server, TENANT_ID: tenant });
    return config.mode === 'server' ? config.database : undefined;
  };
  assert.equal(databaseOf('default'), 'demand');
  assert.equal(databaseOf('shop-a'), 'demand__shop_a');
});

test('readiness goes false while the store reports a call past its limit, and back when it recovers', async () => {
  let health: StoreHealth = { healthy: true, detail: 'ok' };
  const store = {
    kind: 'embedded',
    ping: async () => undefined,
    health: () => health,
  } as unknown as AnalyticsStore;
  const readiness = new Readiness();
  const provider = analyticsStoreProvider({
    owner: 'test',
    migrationsDirectory: '/tmp/unused',
    env,
    shared: { analytics: store },
  });
  provider.useFactory(logger, new Lifecycle(logger), readiness);

  assert.deepEqual(await readiness.evaluate(), {
    ready: true,
    checks: { 'analytics store': true, 'analytics store calls': true },
  });
  health = { healthy: false, detail: '1 statement(s) still running past the 2500 ms limit, e.g. insert into events' };
  assert.deepEqual(await readiness.evaluate(), {
    ready: false,
    checks: { 'analytics store': true, 'analytics store calls': false },
  });
  health = { healthy: true, detail: 'ok' };
  assert.equal((await readiness.evaluate()).ready, true);
});
