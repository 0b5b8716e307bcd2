import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { SeededRandom } from '@demand/ml';
import {
  adjustedRandIndex,
  chooseKByGap,
  chooseKBySilhouette,
  gapStatistic,
  hungarian,
  kMeans,
  Pca,
  silhouette,
} from '../src/index.js';
import { axesAboveMeanVariance } from '../src/gap.js';
import { blobs } from './blobs.js';

const CENTRES = [
  [0, 0],
  [10, 0],
  [0, 10],
  [10, 10],
];

describe('adjusted Rand index', () => {
  it('is 1 for the same partition under other names and hand-checked otherwise', () => {
    assert.equal(adjustedRandIndex([0, 0, 1, 1, 2], ['b', 'b', 'a', 'a', 'c']), 1);
    // Contingency [[2,0],[1,1]] (sklearn: adjusted_rand_score([0,0,1,1],[0,0,0,1]) = 0).
    assert.equal(adjustedRandIndex([0, 0, 1, 1], [0, 0, 0, 1]), 0);
    // [0,0,0,1,1,1] vs [0,0,1,1,2,2]: index 2, expected 6·3/15 = 1.2, max 4.5 → 0.8/3.3.
    assert.ok(Math.abs(adjustedRandIndex([0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 2, 2]) - 0.8 / 3.3) < 1e-12);
    const random = new SeededRandom(3);
    const a = Array.from({ length: 4000 }, () => random.int(5));
    const b = Array.from({ length: 4000 }, () => random.int(5));
    assert.ok(Math.abs(adjustedRandIndex(a, b)) < 0.01, 'independent labellings score about 0');
  });
});

describe('k-means++', () => {
  it('recovers separable blobs exactly, whatever the seed', () => {
    const { rows, labels } = blobs(CENTRES, 50, 1, 1);
    for (const seed of [1, 2, 3]) {
      const result = kMeans(rows, { k: 4, seed });
      assert.equal(adjustedRandIndex([...result.labels], labels), 1);
      const found = result.centroids.map((c) => [Math.round(c[0]! / 10) * 10, Math.round(c[1]! / 10) * 10]);
      assert.deepEqual(found.map(String).sort(), CENTRES.map(String).sort());
    }
  });

  it('keeps the restart with the lowest inertia', () => {
    const { rows } = blobs(CENTRES, 30, 1, 2);
    const one = kMeans(rows, { k: 4, seed: 5, restarts: 1 });
    const many = kMeans(rows, { k: 4, seed: 5, restarts: 10 });
    assert.ok(many.inertia <= one.inertia + 1e-9);
    assert.throws(() => kMeans(rows.slice(0, 2), { k: 3 }), /at least k=3/);
  });

  it('silhouette peaks at the true k on clear blobs', () => {
    const { rows } = blobs(CENTRES, 40, 1, 4);
    const scores = [2, 3, 4, 5, 6].map((k) => ({
      k,
      silhouette: silhouette(rows, kMeans(rows, { k, seed: 1 }).labels),
    }));
    assert.equal(chooseKBySilhouette(scores), 4);
    assert.ok(scores[2]!.silhouette > 0.7);
    assert.equal(
      chooseKBySilhouette([
        { k: 2, silhouette: 0.4 },
        { k: 3, silhouette: 0.6 },
        { k: 4, silhouette: 0.6 },
      ]),
      3,
      'the first of equals',
    );
    assert.throws(() => chooseKBySilhouette([]), /no silhouettes/);
  });
});

describe('gap statistic', () => {
  it('takes the smallest k within one standard error of the next, else the largest gap', () => {
    const score = (k: number, gap: number, standardError: number) => ({ k, gap, standardError });
    // gap(2) = 0.50 ≥ gap(3) − se(3) = 0.52 − 0.05: k = 2 although k = 3 scores higher.
    assert.equal(chooseKByGap([score(1, 0.1, 0.01), score(2, 0.5, 0.02), score(3, 0.52, 0.05)]), 2);
    // 0.50 < 0.60 − 0.05: k = 2 is not enough, and 0.60 ≥ 0.61 − 0.02 stops at 3.
    assert.equal(chooseKByGap([score(2, 0.5, 0.02), score(3, 0.6, 0.05), score(4, 0.61, 0.02)]), 3);
    // Still rising at the bound: the largest gap.
    assert.equal(chooseKByGap([score(2, 0.1, 0.01), score(3, 0.2, 0.01), score(4, 0.3, 0.01)]), 4);
    assert.throws(() => chooseKByGap([]), /no gap scores/);
    // A gap 2 → 4 would compare k = 2 with k = 4 as if it were the next k.
    const skipped = [score(2, 0.5, 0.02), score(4, 0.6, 0.05)];
    assert.throws(() => chooseKByGap(skipped), /consecutive ks in ascending order \(2, 4\)/);
    assert.throws(() => chooseKByGap([score(3, 0.6, 0.05), score(2, 0.5, 0.02)]), /consecutive ks/);
    assert.equal(chooseKByGap([score(5, 0.5, 0.02)]), 5);
  });

  it('keeps the principal axes whose own variance clears the cut, wherever they stand', () => {
    const axes = [0, 1, 2, 3].map((c) => [0, 1, 2, 3].map((j) => (j === c ? 1 : 0)));
    // Mean variance 2.05, cut 0.7 × 2.05 = 1.435: axes 0 and 2, though axis 1 stands between them.
    const pca = { mean: [0, 0, 0, 0], components: axes, variances: [4, 0.1, 3.9, 0.2] };
    const kept = axesAboveMeanVariance(pca, 0.7);
    assert.deepEqual(kept.variances, [4, 3.9]);
    assert.deepEqual(kept.components, [axes[0], axes[2]]);
    assert.deepEqual(axesAboveMeanVariance({ ...pca, variances: [0, 0, 0, 0] }, 0.7).components, [axes[0]]);
  });

  it('finds the four blobs, and one cluster in structureless data', () => {
    const ks = [1, 2, 3, 4, 5, 6];
    const { rows } = blobs(CENTRES, 40, 1, 4);
    const scores = gapStatistic(rows, ks, { seed: 3 });
    assert.equal(chooseKByGap(scores), 4);
    assert.ok(scores[3]!.gap > scores[0]!.gap + 1, 'four clusters pack blobs far tighter than uniform data');
    const random = new SeededRandom(8);
    const uniform = Array.from({ length: 160 }, () => [10 * random.next(), 10 * random.next()]);
    assert.equal(chooseKByGap(gapStatistic(uniform, ks, { seed: 3 })), 1);
    const same = gapStatistic(
      Array.from({ length: 10 }, () => [1, 2]),
      [2, 3],
    );
    assert.deepEqual(
      same.map((g) => [g.gap, g.standardError]),
      [
        [0, 0],
        [0, 0],
      ],
      'no spread at all: no gap, and no NaN',
    );
  });
});

describe('PCA', () => {
  it('finds the axis of largest variance first', () => {
    const random = new SeededRandom(9);
    const rows = Array.from({ length: 500 }, () => {
      const t = 5 * random.normal();
      const s = 0.5 * random.normal();
      return [t / Math.SQRT2 - s / Math.SQRT2, t / Math.SQRT2 + s / Math.SQRT2, 0.1 * random.normal()];
    });
    const pca = Pca.fit(rows, 2);
    const [first, second] = pca.components;
    assert.ok(Math.abs(Math.abs(first![0]!) - Math.SQRT1_2) < 0.01 && Math.abs(first![0]! - first![1]!) < 0.02);
    assert.ok(Math.abs(first![0]! * second![0]! + first![1]! * second![1]! + first![2]! * second![2]!) < 1e-6);
    assert.ok(pca.variances[0]! > 20 && pca.variances[1]! < 0.4);
    const again = Pca.fromJSON(JSON.parse(JSON.stringify(pca)));
    assert.deepEqual([...again.transform(rows[0]!)], [...pca.transform(rows[0]!)]);
  });
});

describe('Hungarian assignment', () => {
  it('finds the cheapest one-to-one matching, square or not', () => {
    // Greedy would take 1 (row 0 → col 0) and then pay 100; the optimum is 2 + 3.
    assert.deepEqual(
      hungarian([
        [1, 2],
        [3, 100],
      ]),
      [1, 0],
    );
    assert.deepEqual(
      hungarian([
        [4, 1, 3],
        [2, 0, 5],
      ]),
      [1, 0],
    );
    assert.deepEqual(hungarian([[5], [1], [3]]), [-1, 0, -1]);
  });
});
