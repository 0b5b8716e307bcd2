import assert from 'node:assert/strict';
import { test } from '@jest/globals';
import type { ServedList } from '@demand/online-metrics';
import { outcomeOf, textOf, textTokens, versionOf } from '../src/domain/feedback-rows.js';
import { ModelGate } from '../src/domain/model-gate.js';
import type { Announcements } from '../src/ports/announcements.port.js';
import type { DecisionRow, FeedbackStore } from '../src/ports/feedback-store.port.js';
import { cleanEvent } from './feedback-platform.js';

test('outcomes: clicks keep their list, purchases their value and units, bot events and views give nothing', () => {
  const click = cleanEvent('c1', 'u', 1000, {
    $case: 'click',
    click: { itemId: 'i', surface: 'recs', position: 2, recRequestId: 'L1' },
  });
  assert.deepStrictEqual(outcomeOf(click), {
    eventId: 'c1',
    userId: 'u',
    atMs: 1000,
    kind: 'click',
    itemId: 'i',
    revenue: 0,
    quantity: 0,
    recommendationId: 'L1',
  });
  const purchase = cleanEvent('p1', 'u', 1000, {
    $case: 'purchase',
    purchase: { orderId: 'o', itemId: 'i', quantity: 3, unitPrice: 2.5, currency: 'CNY' },
  });
  assert.equal(outcomeOf(purchase)?.revenue, 7.5);
  assert.equal(outcomeOf(purchase)?.quantity, 3);
  assert.equal(outcomeOf({ ...click, flags: ['late', 'bot:rate'] }), undefined);
  assert.equal(
    outcomeOf(cleanEvent('v1', 'u', 0, { $case: 'view', view: { itemId: 'i', surface: 'x', dwellMs: 1 } })),
    undefined,
  );
});

test('texts of searches, reviews and dialog turns are kept for drift; words split Han characters from other runs', () => {
  const search = cleanEvent('s1', 'u', 5, { $case: 'search', search: { query: 'Red 连衣裙 XL', resultsCount: 1 } });
  assert.deepStrictEqual(textOf(search), { eventId: 's1', kind: 'search', atMs: 5, text: 'Red 连衣裙 XL' });
  assert.deepStrictEqual(textTokens('Red 连衣裙 XL2'), ['red', '连', '衣', '裙', 'xl2']);
  assert.equal(textOf({ ...search, flags: ['bot:user_rate'] }), undefined);
});

test('a list counts under its ranker version, or under every role when it names none', () => {
  assert.equal(versionOf({ ranker: 'logistic@w', data: 'w' }, 'ranker'), 'logistic@w');
  assert.equal(versionOf({ b: '2', a: '1' }, 'ranker'), 'a=1,b=2');
});

const list = (id: string, version: string, arm: string): ServedList => ({
  recommendationId: id,
  userId: id,
  servedAtMs: 0,
  itemIds: ['x'],
  arm,
  modelVersion: version,
  segment: 'home',
});

test('the gate: a challenger worse on the holdout is rolled back before traffic; decided versions and former champions are skipped', async () => {
  const saved: DecisionRow[] = [];
  const history: DecisionRow[] = [
    { model: 'm', version: 'v2', championVersion: 'v1', decision: 'promote', reason: '', decidedAtMs: 0 },
  ];
  const store = {
    decisions: async () => [...history, ...saved],
    publishedMetrics: async () =>
      new Map([
        ['v2', { 'ndcg@10': 0.4 }],
        ['v3', { 'ndcg@10': 0.3 }],
      ]),
    saveDecision: async (row: DecisionRow) => void saved.push(row),
  } as unknown as FeedbackStore;
  const announced: DecisionRow[] = [];
  const announcements: Announcements = {
    requestTraining: async () => undefined,
    announceDecision: async (row) => void announced.push(row),
  };
  const gate = new ModelGate(
    store,
    announcements,
    {
      model: 'm',
      championArm: 'control',
      offlineMetric: 'ndcg@10',
      rules: { confidence: 0.95, minTrials: 100, minEvents: 5, tolerance: 0.01, offlineTolerance: 0.05 },
    },
    () => 42,
  );
  const window = {
    lists: [list('a', 'v1', 'control'), list('b', 'v2', 'control'), list('c', 'v3', 'b')],
    attributions: [],
  };
  const made = await gate.judge(window);
  assert.deepStrictEqual(
    made.map((d) => [d.version, d.championVersion, d.decision, d.decidedAtMs]),
    [['v3', 'v2', 'rollback', 42]],
  );
  assert.match(made[0]!.reason, /^offline holdout 0\.3000 vs champion 0\.4000/);
  assert.deepStrictEqual(announced, saved);
  assert.deepStrictEqual(await gate.judge(window), [], 'nothing left to judge');
});
