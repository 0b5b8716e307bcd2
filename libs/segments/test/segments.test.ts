import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { forwardSubstitute, SeededRandom } from '@demand/ml';
import {
  adjustedRandIndex,
  applyPowerTransform,
  describeSegment,
  evaluateSegments,
  Pca,
  type KScore,
  runSegmentationInWorker,
  SegmentModel,
  segmentUsers,
} from '../src/index.js';
import { population } from './blobs.js';

describe('segments of profiles', () => {
  const { profiles, labels } = population(60, 1);

  it('picks the true k automatically and finds the archetypes', () => {
    const model = SegmentModel.fit(profiles, { kMin: 2, kMax: 6, seed: 1 });
    assert.equal(model.segments.length, 3);
    const measured = (s: KScore) => [s.k, Number.isFinite(s.gap) && Number.isFinite(s.gapStandardError), s.silhouette];
    // The gap's search computes no silhouettes (an O(n²) pass per k it would not use).
    assert.deepEqual(
      model.json.kScores.map(measured),
      [2, 3, 4, 5, 6].map((k) => [k, true, undefined]),
    );
    const bySilhouette = SegmentModel.fit(profiles, { kMin: 2, kMax: 6, seed: 1, kChoice: 'silhouette' });
    assert.equal(bySilhouette.segments.length, 3);
    assert.deepEqual(
      bySilhouette.json.kScores.map((s) => [s.k, s.gap, Number.isFinite(s.silhouette)]),
      [2, 3, 4, 5, 6].map((k) => [k, undefined, true]),
    );
    assert.equal(evaluateSegments(model, profiles, labels).ari, 1);
    assert.deepEqual(
      model.segments.map((s) => s.size),
      [60, 60, 60],
    );
  });

  it('describes each segment by its standout features', () => {
    const model = SegmentModel.fit(profiles, { k: 3, seed: 1 });
    const of = (label: number) => model.segments.find((s) => s.id === model.predict(profiles[label * 60]!))!;
    const bargain = of(0).description;
    assert.match(bargain, /^buys mostly (snacks and coffee|coffee and snacks)/);
    assert.match(bargain, /price-sensitive/);
    assert.match(bargain, /buy on promotion days/);
    assert.match(bargain, /\(60 users, 33\.3%\)$/);
    assert.match(of(1).description, /^buys mostly phones, .*premium buyers/);
    assert.match(of(2).description, /^buys mostly baby/);
    assert.match(of(2).description, /frequent buyers|visit often/);
    assert.doesNotMatch(of(2).description, /phones/);
  });

  it('names a category only when it is both above average and a real part of the basket', () => {
    const input = {
      featureNames: ['category:tea', 'category:toys', 'promo_share', 'hours_night'],
      // √share for categories: tea 0.36 of the basket, toys 0.04 (yet far above the population's 0.01).
      segmentMean: [0.6, 0.2, 0.1, 0.05],
      populationMean: [0.3, 0.1, 0.3, 0.05],
      populationStd: [0.1, 0.05, 0.1, 0.02],
      size: 25,
      population: 100,
    };
    assert.equal(describeSegment(input), 'buys mostly tea, seldom buy on promotion (25 users, 25.0%)');
  });

  it('keeps segment ids when re-run on the same users in another order', () => {
    const first = SegmentModel.fit(profiles, { k: 3, seed: 1 });
    const order = new SeededRandom(5).shuffle(profiles.map((_, i) => i));
    const shuffled = order.map((i) => profiles[i]!);
    // Another seed, so the clusters come out in another order before matching.
    const again = SegmentModel.fit(shuffled, { k: 3, seed: 9, previous: first.toJSON() });
    const fresh = SegmentModel.fit(shuffled, { k: 3, seed: 9 });
    for (const p of profiles) assert.equal(again.predict(p), first.predict(p));
    assert.ok(
      profiles.some((p) => fresh.predict(p) !== first.predict(p)),
      'without the previous model the ids would have moved (else this test proves nothing)',
    );
    assert.equal(again.toJSON().nextId, 4);
  });

  it('gives a new segment a fresh id', () => {
    const first = SegmentModel.fit(profiles, { k: 2, seed: 1 });
    const more = SegmentModel.fit(profiles, { k: 3, seed: 1, previous: first.toJSON() });
    const ids = more.segments.map((s) => s.id).sort();
    assert.deepEqual(ids, [1, 2, 3]);
  });

  it('round-trips through JSON and predicts the same', () => {
    const model = SegmentModel.fit(profiles, { k: 3, seed: 1 });
    const loaded = SegmentModel.fromJSON(JSON.parse(JSON.stringify(model.toJSON())));
    for (const p of profiles.slice(0, 20)) {
      assert.equal(loaded.predict(p), model.predict(p));
      assert.deepEqual(loaded.project(p), model.project(p));
    }
    assert.equal(model.json.metric?.length, model.json.features.length, 'found under a learnt metric');
    assert.equal(model.json.powerTransform?.lambda.length, model.json.features.length, 'power-transformed');
    assert.throws(() => SegmentModel.fromJSON({ kind: 'other' } as never), /not a segment model/);
    assert.throws(() => SegmentModel.fromJSON({ ...model.toJSON(), metric: [[1]] }), /not a segment model/);
    const transform = model.json.powerTransform!;
    const broken = {
      short: { center: [0], scale: [1], lambda: [1] },
      empty: {},
      'no scales': { ...transform, scale: [] },
      'one centre': { ...transform, center: [0] },
      'zero scales': { ...transform, scale: transform.scale.map(() => 0) },
      'a negative scale': { ...transform, scale: [-1, ...transform.scale.slice(1)] },
      'a NaN λ': { ...transform, lambda: [Number.NaN, ...transform.lambda.slice(1)] },
      'a text centre': { ...transform, center: ['0', ...transform.center.slice(1)] },
      'a null range end (Infinity through JSON)': { ...transform, low: [null, ...transform.low!.slice(1)] },
      'a short range': { ...transform, high: [0] },
      'a low end without a high one': { ...transform, high: undefined },
      'a high end without a low one': { ...transform, low: undefined },
      'a low end above its high end': { ...transform, low: transform.high!.map((v) => v + 1) },
    };
    const { low, high, ...withoutRange } = transform;
    assert.equal(low?.length, transform.lambda.length, 'the fitted range is saved');
    assert.ok(SegmentModel.fromJSON({ ...model.toJSON(), powerTransform: withoutRange }), 'a model saved before it');
    for (const [what, powerTransform] of Object.entries(broken)) {
      const json = { ...model.toJSON(), powerTransform } as never;
      assert.throws(() => SegmentModel.fromJSON(json), /not a segment model/, what);
    }
  });

  it("power-transforms the features before standardising; featureTransform 'none' saves no transform", () => {
    const model = SegmentModel.fit(profiles, { k: 3, seed: 1 });
    const transform = model.json.powerTransform!;
    const { features } = model.json;
    assert.ok(
      features.every((f, j) => f.group !== 'taste' || transform.lambda[j] === 1),
      'taste left as it is',
    );
    const lambdaOf = (name: string) => transform.lambda[features.findIndex((f) => f.name === name)]!;
    // Most users buy across brands, a few keep to one: a long right tail, pulled in.
    assert.ok(lambdaOf('brand_concentration') < 1, `brand_concentration: λ ${lambdaOf('brand_concentration')}`);
    const p = profiles[0]!;
    const row = model.rawFeatures(p);
    applyPowerTransform(transform, row);
    const { mean, std } = model.json.standardizer;
    const expected = row.map((v, j) => Math.fround((v - mean[j]!) / std[j]!) * model.json.weights[j]!);
    assert.deepEqual([...model.encode(p)], expected);

    const plain = SegmentModel.fit(profiles, { k: 3, seed: 1, featureTransform: 'none' }).toJSON();
    assert.equal(plain.powerTransform, null);
  });

  it('leaves a feature every user shares untransformed, so a user slightly off it stays near', () => {
    const model = SegmentModel.fit(profiles, { k: 3, seed: 1 });
    const j = model.json.features.findIndex((f) => f.name === 'hours_morning');
    const shares = profiles.map((p) => model.rawFeatures(p)[j]!);
    assert.ok(
      shares.every((s) => s === shares[0]),
      `every test user has the same morning share (${shares[0]})`,
    );
    const transform = model.json.powerTransform!;
    assert.deepEqual([transform.scale[j], transform.lambda[j]], [1, 1]);
    const row = model.rawFeatures(profiles[0]!);
    row[j] = shares[0]! - 0.01;
    applyPowerTransform(transform, row);
    assert.ok(Math.abs(row[j]! + 0.01) < 1e-9, `0.01 below the shared share → ${row[j]}`);
  });

  it('describes segments on the raw feature scale, not the transformed one', () => {
    const model = SegmentModel.fit(profiles, { k: 3, seed: 1 });
    const raw = profiles.map((p) => model.rawFeatures(p));
    const names = model.json.features.map((f) => f.name);
    for (const segment of model.segments) {
      for (const { feature, z, value } of segment.standouts) {
        const j = names.indexOf(feature);
        const column = raw.map((r) => r[j]!);
        const mean = column.reduce((s, v) => s + v, 0) / column.length;
        const std = Math.sqrt(column.reduce((s, v) => s + (v - mean) ** 2, 0) / column.length);
        assert.ok(Math.abs(z - (value - mean) / std) < 1e-4 * Math.max(1, Math.abs(z)), `${feature}: z ${z}`);
      }
    }
  });

  it('saves no metric when none was learnt: clustering "kmeans" is the metric with 0 rounds', () => {
    const plain = SegmentModel.fit(profiles, { k: 3, seed: 1, clustering: 'kmeans' }).toJSON();
    const noRounds = SegmentModel.fit(profiles, { k: 3, seed: 1, metricRounds: 0 }).toJSON();
    assert.equal(noRounds.metric, null, 'an identity factor would be saved and applied on every predict');
    assert.equal(JSON.stringify(noRounds), JSON.stringify(plain));
  });

  it('keeps predicting with the features it was fitted on when a later version computes more', () => {
    // Voice weighs nothing here, so a model saved before the voice features existed must place users alike.
    // Plain k-means on untransformed features, as models were fitted before they learnt a metric or a power
    // transform: such a saved model holds neither.
    const options = {
      k: 3,
      seed: 1,
      groupWeights: { voice: 0 },
      clustering: 'kmeans',
      featureTransform: 'none',
    } as const;
    const model = SegmentModel.fit(profiles, options);
    const { metric, powerTransform, ...json } = model.toJSON();
    assert.equal(metric, null);
    assert.equal(powerTransform, null);
    const keep = json.features.map((f, j) => (f.group === 'voice' ? -1 : j)).filter((j) => j >= 0);
    assert.ok(keep.length < json.features.length);
    const cut = <T>(row: readonly T[]) => keep.map((j) => row[j]!);
    const older = SegmentModel.fromJSON({
      ...json,
      features: cut(json.features),
      weights: cut(json.weights),
      standardizer: { ...json.standardizer, mean: cut(json.standardizer.mean), std: cut(json.standardizer.std) },
      projection: {
        ...json.projection,
        mean: cut(json.projection.mean),
        components: json.projection.components.map(cut),
      },
      centroids: json.centroids.map(cut),
    });
    for (const p of profiles) assert.equal(older.predict(p), model.predict(p));
  });

  it('projects users in the space the segments were found in (whitened by the learnt metric)', () => {
    const model = SegmentModel.fit(profiles, { k: 3, seed: 1 });
    const { metric, projection } = model.toJSON();
    assert.ok(metric, 'a metric was learnt');
    const axes = Pca.fromJSON(projection);
    const points = profiles.map((p) => model.project(p));
    for (const [i, p] of profiles.slice(0, 20).entries())
      assert.deepEqual(points[i], [...axes.transform(forwardSubstitute(metric, model.encode(p)))]);
    // The axes were fitted on those rows: the spread of the users along the first is its variance.
    const xs = points.map(([x]) => x);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length;
    assert.ok(Math.abs(variance / projection.variances[0]! - 1) < 1e-6, `${variance} vs ${projection.variances[0]}`);
  });

  it('projects users to 2-D with the segments apart', () => {
    const { assignments, model } = segmentUsers({ profiles, options: { k: 3, seed: 1 } });
    assert.equal(assignments.length, profiles.length);
    assert.ok(assignments.every((a) => Number.isFinite(a.x) && Number.isFinite(a.y)));
    const mean = (id: number) => {
      const mine = assignments.filter((a) => a.segmentId === id);
      return [mine.reduce((s, a) => s + a.x, 0) / mine.length, mine.reduce((s, a) => s + a.y, 0) / mine.length];
    };
    const [a, b] = [mean(model.segments[0]!.id), mean(model.segments[1]!.id)];
    assert.ok(Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!) > 1);
  });
});

describe('runSegmentationInWorker', () => {
  const { profiles, labels } = population(30, 2);

  it('segments in a worker thread and returns JSON the model loads', async () => {
    const result = await runSegmentationInWorker({ profiles, options: { kMin: 2, kMax: 5, seed: 1 } });
    const model = SegmentModel.fromJSON(result.model);
    // Copied into this realm: the reply was deserialised outside Jest's VM context.
    const ids = [...result.assignments.map((a) => a.segmentId)];
    assert.equal(adjustedRandIndex(ids, labels), 1);
    assert.deepEqual(
      ids,
      profiles.map((p) => model.predict(p)),
    );
  });

  it('rejects bad input with the ML error code', async () => {
    await assert.rejects(runSegmentationInWorker({ profiles: profiles.slice(0, 2), options: { k: 5 } }), {
      name: 'MlError',
      code: 'INVALID_ARGUMENT',
    });
    const misspelt = { k: 3, featureTransform: 'yeojohnson' } as never;
    assert.throws(() => SegmentModel.fit(profiles, misspelt), {
      code: 'INVALID_ARGUMENT',
      message: /featureTransform/,
    });
  });
});
