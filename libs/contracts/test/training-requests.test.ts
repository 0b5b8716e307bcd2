import assert from 'node:assert/strict';
import { test } from '@jest/globals';
import { reasonsForModel, type TrainingRequested } from '../src/index.js';

const request = (model: string, reason: string): TrainingRequested => ({ model, reason, requestedAt: '' });

test("a batch's reasons for one model, each once and in order, 'requested' for a blank one; none for another model", () => {
  const batch = [
    request('recommender', 'drift: ctr drop'),
    request('forecaster', 'schedule'),
    request('recommender', ''),
    request('recommender', 'drift: ctr drop'),
  ];
  assert.equal(
    reasonsForModel(batch, (name) => name === 'recommender'),
    'drift: ctr drop, requested',
  );
  assert.equal(
    reasonsForModel(batch, (name) => name === 'sentiment'),
    undefined,
  );
});
