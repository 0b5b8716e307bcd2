import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { Registry } from 'prom-client';
import { PreprocessMetrics } from '../src/consumers/preprocess.metrics.js';

test('metrics count outcomes, texts and flags', async () => {
  const registry = new Registry();
  const metrics = new PreprocessMetrics(registry);
  metrics.record({
    published: 5,
    texts: 2,
    duplicates: 1,
    rejected: [{ index: 0, reason: 'x' }],
    flags: { 'bot:rate': 3, late: 5 },
  });
  metrics.record({ published: 1, texts: 0, duplicates: 0, rejected: [], flags: { 'bot:rate': 1 } });
  const text = await registry.metrics();
  for (const line of [
    'preprocessor_events_total{outcome="published"} 6',
    'preprocessor_events_total{outcome="duplicate"} 1',
    'preprocessor_events_total{outcome="rejected"} 1',
    'preprocessor_texts_published_total 2',
    'preprocessor_flags_total{flag="bot:rate"} 4',
    'preprocessor_flags_total{flag="late"} 5',
  ])
    assert.ok(text.includes(line), line);
});
