import assert from 'node:assert/strict';
import { test } from '@jest/globals';
import type { EventBus } from '@demand/bus';
import type { ModelPublished } from '@demand/contracts';
import { AnnouncedRegistry, modelPublishedOf } from '../src/adapters/announced-registry.adapter.js';
import type { ModelRecord } from '../src/ports/model-registry.port.js';

const record: ModelRecord = {
  model: 'v3',
  versions: {
    data: 'ch:2026-11-01..2026-11-30:900ev',
    model: 'v3',
    ranker: 'logistic@ch:2026-11-01..2026-11-30:900ev',
  },
  metrics: { interactions: 900, users: 40, items: 30, rankerNdcg10: { logistic: 0.41, rank_fusion: 0.37 } },
  rankers: {},
};

test('a stored version is announced under its ranker version with the chosen ranker’s NDCG@10 and its window', () => {
  assert.deepStrictEqual(modelPublishedOf(record), {
    model: 'recommender',
    version: 'logistic@ch:2026-11-01..2026-11-30:900ev',
    metrics: { 'ndcg@10': 0.41 },
    dataWindowStart: '2026-11-01',
    dataWindowEnd: '2026-11-30',
    trainingSetHash: '',
  });
});

test('the announcement follows the store; a store failure announces nothing', async () => {
  const sent: ModelPublished[] = [];
  const bus = {
    publish: async (_topic: unknown, messages: readonly ModelPublished[]) => void sent.push(...messages),
  } as unknown as EventBus;
  const stored = new AnnouncedRegistry({ publish: async () => 7 }, bus);
  assert.equal(await stored.publish(record), 7);
  assert.deepStrictEqual(
    sent.map((m) => m.version),
    ['logistic@ch:2026-11-01..2026-11-30:900ev'],
  );
  const failing = new AnnouncedRegistry({ publish: async () => Promise.reject(new Error('disk full')) }, bus);
  await assert.rejects(failing.publish(record), /disk full/);
  assert.equal(sent.length, 1);
});
