import assert from 'node:assert/strict';
import { test } from '@jest/globals';
import type { PredictionRow } from '../src/domain/feedback-rows.js';
import { intentMix } from '../src/domain/intent-mix.js';

const DAY = 86_400_000;
const turn = (textId: string, label: string, atMs: number, modelVersion = 'v9'): PredictionRow => ({
  textId,
  head: 'intent',
  modelVersion,
  label,
  rating: 0,
  atMs,
});

test('intent mix: turns per day and intent, each once as the newest version labelled it, with the day share', () => {
  const mix = intentMix([
    turn('t1', 'complaint', 10),
    turn('t1', 'refund', 10, 'v10'), // v10 is newer than v9: t1 counts as refund
    turn('t2', 'complaint', 20),
    turn('t3', 'complaint', 30),
    turn('t4', 'shipping', DAY + 5),
    { ...turn('r1', 'negative', 40), head: 'sentiment' },
  ]);
  assert.deepEqual(mix, [
    { day: '1970-01-01', intent: 'complaint', turns: 2, share: 2 / 3 },
    { day: '1970-01-01', intent: 'refund', turns: 1, share: 1 / 3 },
    { day: '1970-01-02', intent: 'shipping', turns: 1, share: 1 },
  ]);
});
