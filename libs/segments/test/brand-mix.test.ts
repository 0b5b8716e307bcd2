import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { SeededRandom } from '@demand/ml';
import { adjustedRandIndex, BrandMix, SegmentModel, type UserProfile } from '../src/index.js';
import { ARCHETYPES, profileLike } from './blobs.js';

const withBrands = (userId: string, brands: Record<string, number>) =>
  ({ ...profileLike(userId, ARCHETYPES[0]!, new SeededRandom(1)), brands }) as UserProfile;

describe('brand mix', () => {
  it('weights a brand share by ln(1 + 100 × share) and the brand’s rarity, unit length (hand-checked)', () => {
    const profiles = [withBrands('a', { x: 0.5, y: 0.5 }), withBrands('b', { x: 1 }), withBrands('c', { z: 1 })];
    const mix = BrandMix.fit(profiles, 2, 1, 64, 1)!;
    // Held by 2, 1, 1 of 3 users: idf ln(4/3), ln(4/2), ln(4/2); ties in order of name.
    assert.deepEqual(mix.json.brands, ['x', 'y', 'z']);
    assert.deepEqual(
      mix.json.idf.map((v) => v.toFixed(5)),
      ['0.28768', '0.69315', '0.69315'],
    );
    // a: ln 51 × (0.28768, 0.69315, 0) = (1.13111, 2.72535, 0), length 2.95075.
    assert.deepEqual(
      [...mix.vector(profiles[0]!)].map((v) => v.toFixed(4)),
      ['0.3833', '0.9236', '0.0000'],
    );
    assert.deepEqual([...mix.vector(withBrands('d', { unknown: 1 }))], [0, 0, 0]);
    assert.equal(mix.dims, 2);
  });

  it('keeps the brands most users hold, each held by at least minUsers, and needs two of them', () => {
    const profiles = [
      ...['1', '2', '3'].map((id) => withBrands(id, { common: 0.5, second: 0.5 })),
      withBrands('4', { common: 0.9, rare: 0.1 }),
    ];
    assert.deepEqual(BrandMix.fit(profiles, 2, 1, 2, 1)!.json.brands, ['common', 'second']);
    assert.deepEqual(BrandMix.fit(profiles, 2, 1, 64, 3)!.json.brands, ['common', 'second']);
    assert.equal(BrandMix.fit(profiles, 2, 1, 64, 4), undefined);
    assert.equal(BrandMix.fit(profiles, 0, 1, 64, 1), undefined);
    assert.throws(() => BrandMix.fit(profiles, 1.5, 1), { code: 'INVALID_ARGUMENT' });
  });

  it('separates shoppers alike in every other feature by the brands they buy', () => {
    const random = new SeededRandom(4);
    const profiles: UserProfile[] = [];
    const labels: number[] = [];
    for (let i = 0; i < 120; i++) {
      const group = i % 2;
      const brands: Record<string, number> = group === 0 ? { north: 0.5, east: 0.5 } : { south: 0.5, west: 0.5 };
      profiles.push({ ...profileLike(`u${i}`, ARCHETYPES[0]!, random), brands });
      labels.push(group);
    }
    const ari = (brandDims: number) => {
      const model = SegmentModel.fit(profiles, { k: 2, seed: 1, brandDims });
      return adjustedRandIndex(
        profiles.map((p) => model.predict(p)),
        labels,
      );
    };
    assert.equal(ari(2), 1);
    assert.ok(ari(0) < 0.2, `without the brand mix the two groups look alike (ARI ${ari(0)})`);
  });

  it('scales every brand mix axis by the root of their mean variance, so the leading axes keep more weight', () => {
    const random = new SeededRandom(6);
    const profiles = ARCHETYPES.flatMap((a, c) =>
      Array.from({ length: 30 }, (_, i) => profileLike(`${c}-${i}`, a, random)),
    );
    const model = SegmentModel.fit(profiles, { k: 3, seed: 1 });
    const { features, standardizer } = model.toJSON();
    const columns = features.flatMap((f, j) => (f.group === 'brands' ? [j] : []));
    // Each axis's variance over the users, from the raw rows (population variance, as the standardizer takes it).
    const rows = profiles.map((p) => model.rawFeatures(p));
    const variances = columns.map((j) => {
      const mean = rows.reduce((sum, r) => sum + r[j]!, 0) / rows.length;
      return rows.reduce((sum, r) => sum + (r[j]! - mean) ** 2, 0) / rows.length;
    });
    assert.ok(columns.length >= 2 && Math.max(...variances) > 2 * Math.min(...variances), `unequal: ${variances}`);
    const meanVariance = variances.reduce((sum, v) => sum + v, 0) / variances.length;
    for (const j of columns) assert.ok(Math.abs(standardizer.std[j]! ** 2 / meanVariance - 1) < 1e-4);
  });

  it('saves the brand mix with the model and predicts the same after a round trip', () => {
    const random = new SeededRandom(5);
    const profiles = ARCHETYPES.flatMap((a, c) =>
      Array.from({ length: 30 }, (_, i) => profileLike(`${c}-${i}`, a, random)),
    );
    const model = SegmentModel.fit(profiles, { k: 3, seed: 1 });
    const json = JSON.parse(JSON.stringify(model.toJSON()));
    assert.ok(json.brandMix, 'a brand mix was fitted');
    assert.deepEqual(
      json.features.filter((f: { group: string }) => f.group === 'brands').map((f: { name: string }) => f.name),
      Array.from({ length: json.brandMix.pca.components.length }, (_, c) => `brand_mix:${c}`),
    );
    const loaded = SegmentModel.fromJSON(json);
    assert.deepEqual(
      profiles.map((p) => loaded.predict(p)),
      profiles.map((p) => model.predict(p)),
    );
    assert.equal(SegmentModel.fit(profiles, { k: 3, seed: 1, brandDims: 0 }).toJSON().brandMix, null);
  });
});
