import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import {
  chooseRanker,
  coverage,
  Dataset,
  diversify,
  FEATURES,
  FmRanker,
  hitAt,
  intraListDiversity,
  invalidFilterField,
  ndcgAt,
  passesFilters,
  recallAt,
  topN,
} from '../src/index.js';
import { catalog, NOW } from './fixtures.js';

function rand(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

/** Rows whose label is x0 XOR x1 (an interaction), plus noise features. */
function xorRows(n: number, seed: number) {
  const r = rand(seed);
  const rows = new Float32Array(n * FEATURES);
  const labels = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    for (let f = 0; f < FEATURES; f++) rows[k * FEATURES + f] = r() - 0.5;
    const a = r() < 0.5 ? 1 : 0;
    const b = r() < 0.5 ? 1 : 0;
    rows[k * FEATURES] = a;
    rows[k * FEATURES + 1] = b;
    labels[k] = a !== b ? 1 : 0;
  }
  return { rows, labels };
}

describe('FM and logistic rankers', () => {
  it('the factorisation machine learns a pairwise interaction that logistic regression cannot', () => {
    const train = xorRows(4000, 1);
    const test = xorRows(1000, 2);
    const accuracy = (m: FmRanker) => {
      const s = m.score(test.rows);
      let right = 0;
      for (let k = 0; k < test.labels.length; k++) right += (s[k]! > 0 ? 1 : 0) === test.labels[k] ? 1 : 0;
      return right / test.labels.length;
    };
    const fm = FmRanker.train('fm', train.rows, train.labels, { factors: 4, epochs: 15, learningRate: 0.05 });
    const lr = FmRanker.train('logistic', train.rows, train.labels, { factors: 0, epochs: 15 });
    assert.ok(accuracy(fm) > 0.9, `fm accuracy ${accuracy(fm)}`);
    assert.ok(accuracy(lr) < 0.7, `logistic accuracy ${accuracy(lr)}`);
    const copy = FmRanker.fromJSON(JSON.parse(JSON.stringify(fm.toJSON())));
    assert.deepEqual(copy.score(test.rows), fm.score(test.rows));
  });

  it('stays finite when a binary feature is almost never set', () => {
    const { rows, labels } = xorRows(5000, 5);
    for (let k = 0; k < labels.length; k++) rows[k * FEATURES + 2] = k === 17 ? 1 : 0;
    const fm = FmRanker.train('fm', rows, labels, { factors: 4, epochs: 5, learningRate: 0.05 });
    const one = new Float32Array(FEATURES);
    one[2] = 1;
    assert.ok(Number.isFinite(fm.score(one)[0]!) && fm.score(rows).every(Number.isFinite));
  });

  it('is chosen by validation NDCG, beside rank fusion', () => {
    const groups = (n: number) => Array.from({ length: n / 20 }, (_, g) => g * 20);
    const train = { ...xorRows(4000, 3), groups: groups(4000) };
    const valid = { ...xorRows(1000, 4), groups: groups(1000) };
    const choice = chooseRanker(train, valid, { epochs: 15, learningRate: 0.05 });
    assert.equal(choice.chosen.name, 'fm');
    assert.deepEqual(
      choice.validation.map((v) => v.name),
      ['rank_fusion', 'logistic', 'fm'],
    );
  });
});

describe('rules', () => {
  const items = catalog(12);
  items[4]!.stock = 0;
  items[8]!.title = 'item 6';
  items[10]!.vector = items[0]!.vector;
  const data = new Dataset(items, [], NOW);

  it('filters by stock, price, brand and category path', () => {
    const ok = (filters: Parameters<typeof passesFilters>[2]) =>
      [...items.keys()].filter((i) => passesFilters(data, i, filters));
    assert.ok(!ok({}).includes(4), 'out of stock');
    assert.deepEqual(ok({ minPrice: 19, maxPrice: 20 }), [9, 10]);
    assert.deepEqual(ok({ brands: ['acme'], categories: ['B'] }), [3, 9]);
    assert.deepEqual(ok({ categories: ['A/x'], excludeBrands: ['other'] }), [0, 6]);
    assert.equal(invalidFilterField({ minPrice: 5, maxPrice: 2 }), 'filters.max_price');
    assert.equal(invalidFilterField({ minPrice: -1 }), 'filters.min_price');
    assert.equal(invalidFilterField({ categories: [' '] }), 'filters.categories');
    assert.equal(invalidFilterField({ minPrice: 1 }), undefined);
  });

  it('caps a leaf category and drops near-duplicates', () => {
    const items = [0, 2, 6, 8, 10, 1, 3];
    const ranked = { items, scores: items.map((_, r) => 10 - r), length: items.length };
    const picked = diversify(data, ranked, 5, { maxPerLeaf: 3, mmrLambda: 1 }).map((p) => items[p]!);
    assert.deepEqual(picked, [0, 2, 6, 1, 3]);
    const dupes = diversify(data, ranked, 7, { maxPerLeaf: 10, mmrLambda: 1 }).map((p) => items[p]!);
    assert.ok(!dupes.includes(8), 'same title as item 6');
    assert.ok(!dupes.includes(10), 'same content vector as item 0');
    assert.deepEqual(diversify(data, ranked, 5, { maxPerLeaf: 0 }), [], 'no room in any leaf');
  });
});

describe('metrics', () => {
  it('match hand-computed values', () => {
    const rel = new Set([1, 5]);
    const list = [1, 2, 5];
    assert.ok(Math.abs(ndcgAt(list, rel, 3) - (1 + 1 / 2) / (1 + 1 / Math.log2(3))) < 1e-12);
    assert.equal(recallAt(list, rel, 2), 0.5);
    assert.equal(hitAt([2, 3], rel, 2), 0);
    assert.equal(
      coverage(
        [
          [1, 2],
          [2, 3],
        ],
        10,
      ),
      0.3,
    );
    assert.equal(
      intraListDiversity([1, 2, 3], () => 0.25),
      0.75,
    );
    assert.deepEqual(topN([3, 9, 1, 9, 5], 3), [1, 3, 4]);
    assert.deepEqual(
      topN([3, 9, 1], 2, (i) => i === 1),
      [0, 2],
    );
  });
});
