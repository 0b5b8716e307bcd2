import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { Dataset, type NewArrivalsSource, SourceSet } from '../src/index.js';
import { catalog, NOW, twoGroups } from './fixtures.js';

describe('per-user lists computed at training', () => {
  // Items 40–49 are never touched: the new arrivals.
  const data = new Dataset(catalog(50), twoGroups(30, 40, 12), NOW);
  const sources = SourceSet.train(data, { precomputed: 0, als: { factors: 6 } });
  const names = ['als', 'content', 'new_arrivals'] as const;
  const contexts = Array.from({ length: data.userCount }, (_, user) => [
    { user, now: NOW },
    { user, now: NOW, currentItem: (user * 7) % 50 },
  ]).flat();
  const lists = (n: number) =>
    names.map((name) => contexts.map((c) => JSON.stringify(sources.source(name)!.candidates(c, n))));

  it('answer every trained user as scoring the catalog on each request does, with or without a page item', () => {
    const scored = [lists(6), lists(3)];
    sources.als.precompute(6);
    sources.content.precompute(6);
    (sources.source('new_arrivals') as NewArrivalsSource).precompute(6);
    assert.deepEqual([lists(6), lists(3)], scored);
    assert.ok(scored[0]!.every((perSource) => perSource.some((list) => list !== '[]')));
  });

  it('fall back to scoring for a list longer than the stored one and for users the model has not seen', () => {
    sources.als.precompute(2);
    const fresh = { user: -1, now: NOW, recentItems: [0, 2, 4] };
    assert.equal(sources.als.candidates(contexts[0]!, 5).length, 5);
    assert.equal(sources.als.candidates(fresh, 4).length, 4);
    assert.equal(sources.content.candidates(fresh, 4).length, 4);
  });
});
