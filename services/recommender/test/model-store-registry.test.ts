import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from '@jest/globals';
import { DirectoryModelStore } from '@demand/model-store';
import { ModelStoreRegistry, RECOMMENDER_MODEL_NAME } from '../src/adapters/model-store-registry.adapter.js';

test('each trained model becomes a version in the model store, with its window, metrics and rankers', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'recommender-models-'));
  try {
    const store = new DirectoryModelStore({ root });
    const registry = new ModelStoreRegistry(store);
    const record = {
      model: 'v1',
      versions: { data: 'ch:2026-11-01..2026-11-30:900ev', model: 'v1' },
      metrics: { interactions: 900, users: 40, items: 30, rankerNdcg10: { logistic: 0.4 } },
      rankers: { ranker: { kind: 'rank_fusion', name: 'rank_fusion', weights: [1] } },
    };
    assert.equal(await registry.publish(record), 1);
    assert.equal(await registry.publish({ ...record, model: 'v2' }), 2);
    const latest = (await store.latest(RECOMMENDER_MODEL_NAME))!;
    assert.equal(latest.metadata.model, 'v2');
    assert.equal(latest.metadata.window, 'ch:2026-11-01..2026-11-30:900ev');
    assert.deepEqual(latest.metadata.metrics, record.metrics);
    const rankers = JSON.parse(Buffer.from(await store.readFile(latest, 'rankers.json')).toString('utf8'));
    assert.deepEqual(rankers, record.rankers);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
