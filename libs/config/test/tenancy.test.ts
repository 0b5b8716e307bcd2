import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { ConfigError, parseConfig, serviceFields, tenantNames, z } from '../src/index.js';

const schema = z.object(serviceFields({ httpPort: 8080 }));

test('TENANT_ID is a strict slug, default when unset, and a bad one stops start-up naming the variable', () => {
  assert.equal(parseConfig(schema, {}).TENANT_ID, 'default');
  assert.equal(parseConfig(schema, { TENANT_ID: 'shop-a2' }).TENANT_ID, 'shop-a2');
  for (const bad of ['Shop', 'shop_a', 'shop--a', '-shop', 'shop-', '1shop', 'shop.a', '', 'x'.repeat(31)]) {
    assert.throws(
      () => parseConfig(schema, { TENANT_ID: bad }),
      (e: unknown) => e instanceof ConfigError && /TENANT_ID/.test(e.message),
      bad,
    );
  }
});

test('every storage name derives from the tenant id; the default tenant keeps the names from before tenancy', () => {
  const shop = tenantNames('shop-a');
  assert.equal(shop.topicPrefix, 'shop-a.');
  assert.equal(shop.database('demand'), 'demand__shop_a');
  assert.equal(shop.collectionPrefix, 'shop_a__');
  const legacy = tenantNames('default');
  assert.equal(legacy.topicPrefix, '');
  assert.equal(legacy.database('demand'), 'demand');
  assert.equal(legacy.collectionPrefix, '');
  // Distinct tenants never share a name (hyphens become underscores, which a tenant id cannot hold).
  const names = ['a-b', 'ab', 'a-bb', 'ab-b'].map((t) => tenantNames(t).database('demand'));
  assert.equal(new Set(names).size, names.length);
  assert.throws(() => tenantNames('../etc'), /not a tenant id/);
});
