import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import type { ConsumedRecord } from '@demand/bus';
import type { TrainingRequested } from '@demand/contracts';
import { TrainingRequestedConsumer } from '../src/consumers/training-requested.consumer.js';
import type { ModelRefresher } from '../src/domain/model-refresher.js';

const record = (model: string, reason: string) =>
  ({ value: { model, reason, requestedAt: '2026-12-05T00:00:00Z' } }) as ConsumedRecord<TrainingRequested>;

describe('training.requested.v1', () => {
  it('starts one training run for the recommender’s requests, with their reasons, and none for other models', async () => {
    const runs: string[] = [];
    const refresher = { refresh: async (reason: string) => void runs.push(reason) } as unknown as ModelRefresher;
    const consumer = new TrainingRequestedConsumer(refresher);
    await consumer.trainingRequested([record('demand-forecast', 'drift')]);
    assert.deepEqual(runs, []);
    await consumer.trainingRequested([
      record('recommender', 'drift'),
      record('demand-forecast', 'drift'),
      record('recommender', 'operator'),
      record('recommender', 'drift'),
    ]);
    assert.deepEqual(runs, ['drift, operator']);
  });
});
