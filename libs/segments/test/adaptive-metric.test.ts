import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { forwardSubstitute, SeededRandom } from '@demand/ml';
import { blobs } from './blobs.js';
import { adaptiveMetricKMeans, adjustedRandIndex, kMeans, pooledWithinCovariance } from '../src/index.js';

const close = (actual: number, expected: number, tolerance: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} is not ${expected} ± ${tolerance}`);

describe('pooled within-cluster covariance', () => {
  it('pools the spread around each cluster mean and shrinks it towards the identity', () => {
    // Cluster 0: (0,0), (2,2) around (1,1); cluster 1: (10,0), (10,4) around (10,2).
    // Deviations (−1,−1), (1,1), (0,−2), (0,2): Σ dx² = 2, Σ dx·dy = 2, Σ dy² = 10, over n = 4.
    const rows = [
      [0, 0],
      [2, 2],
      [10, 0],
      [10, 4],
    ];
    const plain = pooledWithinCovariance(rows, [0, 0, 1, 1], 1e-12).map((r) => [...r]);
    plain.flat().forEach((v, i) => close(v, [0.5, 0.5, 0.5, 2.5][i]!, 1e-9, `entry ${i}`));
    // Shrinkage 0.2: + 0.2 × trace 3 / 2 = 0.3 on the diagonal.
    assert.deepEqual(
      pooledWithinCovariance(rows, [0, 0, 1, 1], 0.2).map((r) => [...r]),
      [
        [0.8, 0.5],
        [0.5, 2.8],
      ],
    );
    assert.throws(() => pooledWithinCovariance(rows, [0, 1], 0.2), /one label each/);
  });

  it('takes the labels of a big shop (more than a spread argument list holds)', () => {
    // 200 000 rows, two clusters at 0 and 10, each ±1 around its mean: within variance 1.
    const n = 200_000;
    const labels = Int32Array.from({ length: n }, (_, i) => i % 2);
    const rows = Array.from({ length: n }, (_, i) => [labels[i]! * 10 + (i % 4 < 2 ? 1 : -1)]);
    close(pooledWithinCovariance(rows, labels, 1e-12)[0]![0]!, 1, 1e-9, 'within variance');
  });
});

describe('k-means under a learnt metric', () => {
  it('recovers anisotropic clusters and learns their shared covariance', () => {
    // Two far-apart clusters, each spread σ = 1 along x and 0.25 along y (within covariance diag(1, 0.0625)).
    const random = new SeededRandom(4);
    const rows: number[][] = [];
    const truth: number[] = [];
    for (const [label, cx] of [
      [0, 0],
      [1, 20],
    ] as const) {
      for (let i = 0; i < 400; i++) {
        rows.push([cx + random.normal(), 5 + 0.25 * random.normal()]);
        truth.push(label);
      }
    }
    const result = adaptiveMetricKMeans(rows, { k: 2, seed: 1 });
    assert.equal(adjustedRandIndex([...result.labels], truth), 1);
    // Learnt W + 0.2 × trace / 2 × I ≈ diag(1 + 0.106, 0.0625 + 0.106): L·Lᵀ's diagonal.
    const [[l00], [l10, l11]] = result.factor!.map((r) => [...r]) as [number[], number[]];
    close(l00! ** 2, 1.106, 0.12, 'x variance');
    close(l10! ** 2 + l11! ** 2, 0.169, 0.02, 'y variance');
    close(l10!, 0, 0.03, 'no covariance between x and y');
    assert.deepEqual(
      result.clustered.map((x) => Array.from(x)),
      rows.map((x) => [...forwardSubstitute(result.factor!, x)]),
      'the rows the clusters were found in',
    );
    assert.throws(() => adaptiveMetricKMeans(rows, { k: 2, shrinkage: 0 }), /shrinkage must be positive/);
    assert.throws(() => adaptiveMetricKMeans(rows, { k: 2, metricK: 0 }), /metricK must be an integer in 1..k=2/);
    assert.throws(() => adaptiveMetricKMeans(rows, { k: 2, metricK: 3 }), /metricK must be an integer in 1..k=2/);
    assert.throws(() => adaptiveMetricKMeans(rows, { k: 2, rounds: -1 }), /rounds must be an integer ≥ 0/);
    assert.throws(() => adaptiveMetricKMeans(rows, { k: 2, rounds: 1.5 }), /rounds must be an integer ≥ 0/);
    // The metric learnt from one cluster is the total covariance: x (20 apart) then weighs about as much as y.
    const [[total]] = adaptiveMetricKMeans(rows, { k: 2, seed: 1, metricK: 1, rounds: 1 }).factor!.map((r) => [...r]);
    close(total! ** 2, 101 + 0.2 * 50.6, 10, 'x variance of the whole (100 between + 1 within, shrunk)');
    const plain = adaptiveMetricKMeans(rows, { k: 2, seed: 1, rounds: 0 });
    assert.equal(plain.factor, undefined, 'no rounds: plain k-means, no factor');
    assert.equal(plain.clustered, rows);
    assert.deepEqual([...plain.labels], [...kMeans(rows, { k: 2, seed: 1 }).labels]);
  });

  it('stops re-learning the metric at a fixed point, with the result the rounds asked for would give', () => {
    const { rows } = blobs(
      [
        [0, 0],
        [6, 0],
        [0, 6],
      ],
      150,
      1,
      3,
    );
    const plain = (found: { labels: Int32Array; inertia: number; factor?: Float64Array[] }) => ({
      labels: [...found.labels],
      inertia: found.inertia,
      factor: found.factor?.map((r) => [...r]),
    });
    for (const options of [{ k: 3 }, { k: 3, metricK: 2, metricRestarts: 2 }]) {
      const early = adaptiveMetricKMeans(rows, { ...options, seed: 2, rounds: 6 });
      assert.ok(early.roundsRun < 6, `a partition this clear settles before 6 rounds (ran ${early.roundsRun})`);
      const asked = adaptiveMetricKMeans(rows, { ...options, seed: 2, rounds: early.roundsRun });
      assert.equal(asked.roundsRun, early.roundsRun);
      assert.deepEqual(plain(early), plain(asked));
    }
  });
});
