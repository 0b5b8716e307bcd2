import assert from 'node:assert/strict';
import { test } from '@jest/globals';
import {
  categoricalStabilityIndex,
  classificationScores,
  compareProportions,
  decidePromotion,
  detectDrift,
  driftReason,
  mase,
  scoreForecasts,
  populationStabilityIndex,
  type PromotionRules,
  sentimentOfStars,
  unseenTokenShare,
  wape,
} from '../src/index.js';

const close = (actual: number, expected: number, tolerance = 1e-4) =>
  assert.ok(Math.abs(actual - expected) < tolerance, `${actual} is not ${expected}`);
const ab = { confidence: 0.95, minTrials: 100, minEvents: 5 };

test('two-proportion z-test of 100/1000 vs 130/1000 (checked by hand: z 2.1027, p 0.0355)', () => {
  const result = compareProportions({ successes: 100, trials: 1000 }, { successes: 130, trials: 1000 }, ab);
  assert.ok(result.enoughData);
  close(result.difference, 0.03, 1e-12);
  close(result.z, 2.10274);
  close(result.pValue, 0.035488);
  close(result.interval[0], 0.0020679);
  close(result.interval[1], 0.0579321);
  assert.equal(result.significant, true);
});

test('the same rates on a tenth of the traffic are not significant', () => {
  const result = compareProportions({ successes: 10, trials: 100 }, { successes: 13, trials: 100 }, ab);
  assert.ok(result.enoughData);
  assert.equal(result.significant, false);
  assert.ok(result.interval[0] < 0 && result.interval[1] > 0);
});

test('too few trials or too few clicks say "not enough data yet" and name the arm', () => {
  const few = compareProportions({ successes: 5, trials: 50 }, { successes: 13, trials: 1000 }, ab);
  assert.deepStrictEqual(few, { enoughData: false, reason: 'not enough data yet: control has 50 of 100 trials' });
  const rare = compareProportions({ successes: 50, trials: 1000 }, { successes: 2, trials: 1000 }, ab);
  assert.equal(rare.enoughData, false);
  assert.match(rare.enoughData ? '' : rare.reason, /treatment has 2 successes or failures/);
});

test('PSI: identical populations 0; hand-checked shifts', () => {
  const reference = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  assert.equal(populationStabilityIndex(reference, reference, 2), 0);
  // All of current above the median: shares [0, 1] vs [0.5, 0.5], empty bin floored at 1e-4.
  close(populationStabilityIndex(reference, [6, 7, 8, 9, 10, 6, 7, 8, 9, 10], 2), 4.604318);
  // (0.8 − 0.5)·ln 1.6 + (0.2 − 0.5)·ln 0.4
  close(
    categoricalStabilityIndex(
      new Map([
        ['a', 50],
        ['b', 50],
      ]),
      new Map([
        ['a', 80],
        ['b', 20],
      ]),
    ),
    0.415888,
  );
});

test('unseen token share counts tokens, not distinct words', () => {
  assert.equal(unseenTokenShare(['红', '裙'], ['红', '裙', 'dress', 'dress']), 0.5);
});

test('WAPE and MASE on hand-checked series', () => {
  close(wape([10, 20, 30], [12, 18, 33]), 7 / 60, 1e-12);
  // MAE 7/3 over the naive in-sample MAE (2 + 1 + 4)/3 → 1
  close(mase([10, 20, 30], [12, 18, 33], [10, 12, 11, 15]), 1, 1e-12);
  assert.ok(Number.isNaN(wape([0, 0], [1, 1])));
});

const rules: PromotionRules = { ...ab, tolerance: 0.01, offlineTolerance: 0.02 };
const champion = { version: 'v1', online: { successes: 100, trials: 1000 }, offline: 0.3 };

test('a challenger not worse beyond the tolerance, online and offline, is promoted', () => {
  const verdict = decidePromotion(
    champion,
    { version: 'v2', online: { successes: 130, trials: 1000 }, offline: 0.31 },
    rules,
  );
  assert.equal(verdict.decision, 'promote');
  assert.match(verdict.reason, /difference 0\.0300 \[0\.0021, 0\.0579\]/);
});

test('a challenger whose interval reaches below −tolerance is rolled back with the figures', () => {
  const verdict = decidePromotion(
    champion,
    { version: 'v2', online: { successes: 60, trials: 1000 }, offline: 0.3 },
    rules,
  );
  assert.equal(verdict.decision, 'rollback');
  assert.match(verdict.reason, /\[-0\.0637, -0\.0163\].*may be worse by more than tolerance 0\.0100/);
});

test('worse on the offline holdout is rolled back before any traffic; no offline metric or little traffic waits', () => {
  const offline = decidePromotion(
    champion,
    { version: 'v2', online: { successes: 0, trials: 0 }, offline: 0.25 },
    rules,
  );
  assert.deepStrictEqual(offline, {
    decision: 'rollback',
    reason: 'offline holdout 0.2500 vs champion 0.3000: worse by 0.0500 > tolerance 0.0200',
  });
  assert.equal(
    decidePromotion(champion, { version: 'v2', online: { successes: 5, trials: 50 } }, rules).decision,
    'wait',
  );
  const early = decidePromotion(champion, { version: 'v2', online: { successes: 5, trials: 50 }, offline: 0.3 }, rules);
  assert.deepStrictEqual(early, { decision: 'wait', reason: 'not enough data yet: treatment has 50 of 100 trials' });
});

const thresholds = {
  featurePsi: 0.25,
  textLengthPsi: 0.25,
  unseenTokenShare: 0.3,
  scorePsi: 0.25,
  onlineDrop: 0.2,
  minSamples: 10,
};
const range = (n: number, shift = 0) => Array.from({ length: n }, (_, i) => (i % 20) + shift);

test('drift detectors flag what moved and stay quiet on what did not', () => {
  const findings = detectDrift(
    {
      features: [
        { name: 'price', reference: range(200), current: range(200, 15) },
        { name: 'quantity', reference: range(200), current: range(200) },
      ],
      textLengths: { reference: range(100), current: range(100) },
      tokens: { reference: range(50).map(String), current: range(50, 100).map(String) },
      scores: { reference: range(5), current: range(5, 10) },
      championOnline: { reference: { successes: 200, trials: 1000 }, current: { successes: 100, trials: 1000 } },
    },
    thresholds,
  );
  assert.deepStrictEqual(
    findings.map((f) => [f.detector, f.subject, f.drifted]),
    [
      ['feature_psi', 'price', true],
      ['feature_psi', 'quantity', false],
      ['text_length_psi', 'text length', false],
      ['unseen_tokens', 'text vocabulary', true],
      ['online_drop', 'champion CTR', true],
    ],
  );
  assert.match(driftReason(findings), /^drift: feature_psi price \d+\.\d{3} > 0\.25; drift: unseen_tokens/);
});

test('a small, insignificant dip of the champion is not a drop', () => {
  const [finding] = detectDrift(
    {
      features: [],
      championOnline: { reference: { successes: 20, trials: 100 }, current: { successes: 15, trials: 100 } },
    },
    thresholds,
  );
  assert.equal(finding?.drifted, false);
  close(finding?.value ?? 0, 0.25);
});

test('forecasts are scored on closed days only, a day without sales counting 0, per model version', () => {
  const units = new Map([
    ['item:a 2026-11-28', 2],
    ['item:a 2026-11-29', 4],
    ['item:a 2026-11-30', 2],
    ['item:a 2026-12-01', 3],
    ['item:a 2026-12-02', 5],
    // 2026-12-03: nothing sold
  ]);
  const [scored, ...others] = scoreForecasts(
    [
      {
        seriesId: 'item:a',
        modelVersion: 'demand-forecast@2',
        dataThrough: '2026-11-30',
        points: [
          { day: '2026-12-01', mean: 4 },
          { day: '2026-12-02', mean: 4 },
          { day: '2026-12-03', mean: 1 },
          { day: '2026-12-04', mean: 9 }, // not closed yet
        ],
      },
      {
        seriesId: 'item:a',
        modelVersion: 'demand-forecast@3',
        dataThrough: '2026-12-03',
        points: [{ day: '2026-12-04', mean: 1 }],
      },
    ],
    (series, day) => units.get(`${series} ${day}`) ?? 0,
    { closedThrough: '2026-12-03', historyDays: 3, season: 1 },
  );
  assert.equal(others.length, 0, 'a version with no closed day is not scored');
  assert.equal(scored?.modelVersion, 'demand-forecast@2');
  assert.equal(scored?.points, 3);
  // |3−4| + |5−4| + |0−1| = 3 over 3 + 5 + 0 = 8 units
  close(scored?.wape ?? 0, 3 / 8, 1e-12);
  // MAE 1 over the naive error of history [2, 4, 2]: (2 + 2)/2 = 2
  close(scored?.mase ?? 0, 0.5, 1e-12);
});

test('accuracy and macro-F1 of a classifier, hand-checked; stars map to sentiment', () => {
  const scores = classificationScores([
    { truth: 'positive', predicted: 'positive' },
    { truth: 'positive', predicted: 'positive' },
    { truth: 'positive', predicted: 'negative' },
    { truth: 'negative', predicted: 'negative' },
    { truth: 'neutral', predicted: 'positive' },
  ]);
  assert.equal(scores.count, 5);
  close(scores.accuracy, 3 / 5, 1e-12);
  // F1 positive 2·2/(3+3) = 2/3, negative 2·1/(2+1) = 2/3, neutral 0 → mean 4/9
  close(scores.macroF1, 4 / 9, 1e-12);
  assert.ok(Number.isNaN(classificationScores([]).accuracy));
  assert.deepStrictEqual([1, 2, 3, 4, 5].map(sentimentOfStars), [
    'negative',
    'negative',
    'neutral',
    'positive',
    'positive',
  ]);
});
