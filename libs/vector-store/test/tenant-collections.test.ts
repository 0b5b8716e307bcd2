import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createVectorStore, EmbeddedVectorStore, TenantCollections } from '../src/index.js';

const spec = { dimensions: 2, distance: 'cosine' as const };
const point = (id: string, user: string) => ({ id, vector: [1, 0], payload: { user } });

test("tenants on one store: the same collection name is each tenant's own, and each lists and erases only its own", async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tenant-collections-'));
  const shared = new EmbeddedVectorStore({ dataDir });
  try {
    const shopA = new TenantCollections(shared, 'shop_a__');
    const shopAb = new TenantCollections(shared, 'shop_a_b__');
    const legacy = new TenantCollections(shared, '');
    for (const [tenant, user] of [
      [shopA, 'a'],
      [shopAb, 'ab'],
      [legacy, 'd'],
    ] as const) {
      await tenant.ensureCollection('items_1', spec);
      await tenant.upsert('items_1', [point(`${user}-1`, 'same-user'), point(`${user}-2`, 'other')]);
    }
    assert.deepEqual([...(await shared.listCollections())], ['items_1', 'shop_a__items_1', 'shop_a_b__items_1']);
    assert.deepEqual([...(await shopA.listCollections())], ['items_1']);
    assert.deepEqual([...(await legacy.listCollections())], ['items_1']);
    // Erasing a user from every collection shop-a lists leaves the other tenants' points alone.
    for (const name of await shopA.listCollections()) {
      await shopA.deleteByFilter(name, { must: [{ key: 'user', match: { value: 'same-user' } }] });
    }
    assert.equal(await shopA.count('items_1'), 1);
    assert.equal(await shopAb.count('items_1'), 2);
    assert.equal(await legacy.count('items_1'), 2);
    const found = await shopAb.search('items_1', { vector: [1, 0], limit: 10 });
    assert.deepEqual(found.map((p) => p.id).sort(), ['ab-1', 'ab-2']);
    await assert.rejects(legacy.ensureCollection('shop_a__items_2', spec), /must not contain __/);
  } finally {
    await shared.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test("createVectorStore sees the store through the tenant's prefix when config names one", async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tenant-collections-'));
  try {
    const store = createVectorStore({ kind: 'embedded', dataDir, collectionPrefix: 'shop_a__' });
    await store.ensureCollection('texts_1', spec);
    await store.close();
    const whole = createVectorStore({ kind: 'embedded', dataDir });
    assert.deepEqual([...(await whole.listCollections())], ['shop_a__texts_1']);
    await whole.close();
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
