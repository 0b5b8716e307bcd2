import assert from 'node:assert/strict';
import { test } from '@jest/globals';
import { loadFeedbackConfig } from '../src/config.js';

test('FEEDBACK_RETRAIN_SCHEDULE: model:periodMs pairs, each model once; bad entries are named', () => {
  assert.deepStrictEqual([...loadFeedbackConfig({}).env.FEEDBACK_RETRAIN_SCHEDULE], []);
  const schedule = loadFeedbackConfig({
    FEEDBACK_RETRAIN_SCHEDULE: 'text-encoder:604800000, demand-forecast:86400000',
  });
  assert.deepStrictEqual(
    [...schedule.env.FEEDBACK_RETRAIN_SCHEDULE],
    [
      ['text-encoder', 604_800_000],
      ['demand-forecast', 86_400_000],
    ],
  );
  for (const bad of ['recommender', 'recommender:0', ':5', 'a:1,a:2', 'a:1.5']) {
    assert.throws(() => loadFeedbackConfig({ FEEDBACK_RETRAIN_SCHEDULE: bad }), /FEEDBACK_RETRAIN_SCHEDULE/, bad);
  }
});

test('attribution windows, A/B and promotion rules come from the environment; MASE needs more history than its season', () => {
  const config = loadFeedbackConfig({
    FEEDBACK_CLICK_WINDOW_MS: '60000',
    FEEDBACK_MAX_POSITION: '5',
    FEEDBACK_AB_MIN_LISTS: '300',
    FEEDBACK_ONLINE_TOLERANCE: '0.02',
  });
  assert.equal(config.attribution.windowMs.click, 60_000);
  assert.equal(config.attribution.maxPosition, 5);
  assert.equal(config.promotion.minTrials, 300);
  assert.equal(config.promotion.tolerance, 0.02);
  assert.throws(() => loadFeedbackConfig({ FEEDBACK_ONLINE_TOLERANCE: '2' }), /FEEDBACK_ONLINE_TOLERANCE/);
  assert.throws(
    () => loadFeedbackConfig({ FEEDBACK_FORECAST_HISTORY_DAYS: '7', FEEDBACK_FORECAST_SEASON: '7' }),
    /FEEDBACK_FORECAST_HISTORY_DAYS/,
  );
});
