import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { trainHybrid } from '../src/index.js';
import { catalog, DAY, event, NOW, twoGroups } from './fixtures.js';

describe('hybrid recommender', () => {
  const items = catalog(40);
  items[8]!.stock = 0;
  const history = [
    ...twoGroups(80, 40, 20).map((e) => ({ ...e, at: e.at - 10 * DAY })),
    ...twoGroups(80, 40, 10, 9),
    event('u0', 2, 'purchase', 3),
  ];
  const { recommender, report } = trainHybrid(items, history, NOW, { labelDays: 14, als: { factors: 8 } });
  const u0 = recommender.data.userIndex.get('u0')!;

  it('learns a ranker and reports every candidate ranker’s validation NDCG', () => {
    assert.deepEqual(
      report.ranker.validation.map((v) => v.name),
      ['rank_fusion', 'logistic', 'fm'],
    );
    assert.ok(report.trainingRows > 100);
  });

  it('recommends the user’s taste group, with reasons, without bought or out-of-stock items', () => {
    const { items: list, coldStart } = recommender.recommend({
      context: { user: u0, now: NOW },
      count: 8,
      diversity: { maxPerLeaf: 8 },
    });
    assert.equal(coldStart, false);
    assert.equal(list.length, 8);
    assert.ok(list.filter((r) => r.item % 2 === 0).length >= 7);
    assert.ok(list.every((r) => r.reasons.length > 0 && r.reasons.every((x) => x.text.length > 0)));
    assert.ok(!list.some((r) => r.item === 2 || r.item === 8));
  });

  it('caps one leaf category at four items by default', () => {
    const { items: list } = recommender.recommend({ context: { user: u0, now: NOW }, count: 8 });
    assert.equal(list.filter((r) => r.item % 2 === 0).length, 4);
  });

  it('honours the caller’s filters and the page item', () => {
    const { items: list } = recommender.recommend({
      context: { user: u0, now: NOW, currentItem: 4 },
      count: 5,
      filters: { categories: ['B'] },
    });
    assert.ok(list.length > 0 && list.every((r) => r.item % 2 === 1 && r.item !== 4));
  });

  it('labels a stranger’s list as cold start, and uses a session when there is one', () => {
    const cold = recommender.recommend({ context: { user: -1, now: NOW }, count: 5 });
    assert.equal(cold.coldStart, true);
    assert.equal(cold.items.length, 5);
    const session = recommender.recommend({ context: { user: -1, now: NOW, recentItems: [1, 3, 5] }, count: 5 });
    assert.equal(session.coldStart, false);
    assert.ok(session.items.filter((r) => r.item % 2 === 1).length >= 4);
  });
});

describe('similar items', () => {
  const history = twoGroups(60, 20, 15);
  const { recommender } = trainHybrid(catalog(20), history, NOW, { labelDays: 7, als: { factors: 4 } });

  it('are items of the same taste group, never the item itself, each with a reason', () => {
    const list = recommender.similarItems(3, 5, {}, { maxPerLeaf: 5 });
    assert.equal(list.length, 5);
    assert.ok(list.every((r) => r.item % 2 === 1 && r.item !== 3 && r.reasons.length > 0));
    assert.deepEqual(
      recommender.similarItems(3, 5, { categories: ['A'] }).filter((r) => r.item % 2 === 1),
      [],
    );
  });
});
