import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError } from '@demand/config';
import { createLogger } from '@demand/telemetry';
import { startLocalPlatform } from '../src/local-platform.js';
import { localTenant } from '../src/local-tenant.js';

const services = ['collector', 'aggregator', 'gateway'];

test('local mode takes every service tenant from TENANT_ID; a service variable naming the same tenant is harmless', () => {
  assert.equal(localTenant({}, services), 'default');
  assert.equal(localTenant({ TENANT_ID: 'shop-a' }, services), 'shop-a');
  assert.equal(localTenant({ TENANT_ID: 'shop-a', COLLECTOR_TENANT_ID: 'shop-a' }, services), 'shop-a');
});

test('local mode refuses a service tenant that differs from TENANT_ID, naming every such variable', () => {
  const refusal = (() => {
    try {
      localTenant({ TENANT_ID: 'shop-a', AGGREGATOR_TENANT_ID: 'shop-b', GATEWAY_TENANT_ID: 'default' }, services);
    } catch (error) {
      return error;
    }
  })();
  assert.ok(refusal instanceof ConfigError);
  assert.deepEqual(refusal.problems, [
    'AGGREGATOR_TENANT_ID: local mode runs every service for one tenant, TENANT_ID ("shop-a"); got "shop-b". ' +
      'Set TENANT_ID=shop-b for the whole process, or remove AGGREGATOR_TENANT_ID',
    'GATEWAY_TENANT_ID: local mode runs every service for one tenant, TENANT_ID ("shop-a"); got "default". ' +
      'Set TENANT_ID=default for the whole process, or remove GATEWAY_TENANT_ID',
  ]);
  // without TENANT_ID the process's tenant is the default one, so a lone service tenant is a mismatch too
  assert.throws(() => localTenant({ COLLECTOR_TENANT_ID: 'shop-a' }, services), /TENANT_ID \("default"\)/);
});

test('the local platform refuses a mismatched service tenant before it starts anything', async () => {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'local-tenant-'));
  try {
    await assert.rejects(
      startLocalPlatform({
        dataDir,
        env: { TENANT_ID: 'shop-a', RECOMMENDER_TENANT_ID: 'shop-b' },
        fixedPorts: false,
        requireApiKeys: true,
        loggerFor: (service) => createLogger({ service, level: 'silent' }),
      }),
      (error: unknown) => error instanceof ConfigError && /^RECOMMENDER_TENANT_ID: /.test(error.problems[0] ?? ''),
    );
    assert.deepEqual([...(await readdir(dataDir))], [], 'no key file, store or broker was made');
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});
