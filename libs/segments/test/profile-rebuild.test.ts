import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from '@jest/globals';
import {
  buildPriceIndex,
  buildUserProfile,
  DAY_MS,
  type ProfileOptions,
  SegmentModel,
  type SegmentModelJSON,
  type UserProfile,
} from '../src/index.js';
import { frozenSegmentRow } from './frozen/segment-row.js';
import { frozenUserProfile } from './frozen/user-profile.js';
import { shopHistories } from './shop-histories.js';

/** A profile as text that tells every number's bits apart (−0, NaN, ±Infinity) and every absent field. */
function exact(profile: UserProfile): string {
  return JSON.stringify(profile, (_key, value: unknown) => {
    // String(x) is the shortest text that reads back as x; −0 alone needs a name of its own.
    if (typeof value === 'number') return Object.is(value, -0) ? 'number:-0' : `number:${value}`;
    return value === undefined ? 'undefined' : value;
  });
}

const digest = (texts: readonly string[]) => createHash('sha256').update(texts.join('\n')).digest('hex');

describe('profiles and segments against the code before their per-event work was cut', () => {
  const shop = shopHistories(17, 400, 45);
  const lookup = (id: string) => shop.items.get(id);
  const prices = buildPriceIndex(shop.items.values());
  const users = [...shop.byUser];

  const compare = (options: ProfileOptions) => {
    const now = users.map(([id, events]) => exact(buildUserProfile(id, events, lookup, prices, options)));
    const before = users.map(([id, events]) => exact(frozenUserProfile(id, events, lookup, prices, options)));
    // Digests first: a failure names the first user that differs, never prints thousands of profiles.
    if (digest(now) !== digest(before)) {
      const i = now.findIndex((text, j) => text !== before[j]);
      assert.fail(`user ${users[i]?.[0]} differs: ${now[i]?.slice(0, 600)} … was ${before[i]?.slice(0, 600)}`);
    }
    return now;
  };

  it('gives every user of a test-kit shop the same profile, bit for bit', () => {
    assert.ok(users.length > 300, `${users.length} users`);
    assert.ok(shop.items.size === 300);
    const profiles = compare({ asOf: shop.last + 1, halfLifeDays: 120 });
    // The shop exercises what the profile reads: prices, brands, reviews, conversations, taste, promotions.
    const parsed = profiles.map((text) => JSON.parse(text) as Record<string, unknown>);
    assert.ok(parsed.some((p) => (p.voice as { conversations: string }).conversations !== 'number:0'));
    assert.ok(parsed.some((p) => (p.sentiment as { meanSentiment: unknown }).meanSentiment !== 'undefined'));
    assert.ok(parsed.some((p) => (p.engagement as { promoShare: string }).promoShare !== 'number:0'));
  });

  it('stays the same with later events ignored, another clock, level, kind weights and half-life', () => {
    const asOf = shop.last - 10 * DAY_MS;
    compare({ asOf, halfLifeDays: 7, categoryLevel: 1, utcOffsetMinutes: 480, promoDiscount: 0.1 });
    compare({ asOf, kindWeights: { view: 1, click: 0, add_to_cart: 3, purchase: 5, review: 2, search: 1 } });
  });

  it('encodes every profile to the same row and predicts the same segment', () => {
    const profiles = users.map(([id, events]) => buildUserProfile(id, events, lookup, prices, { asOf: shop.last + 1 }));
    const fitted = SegmentModel.fit(profiles, { k: 4, seed: 3, restarts: 2, tasteDims: 2 }).toJSON();
    assert.ok(fitted.taste && fitted.metric, 'the model has a taste projection and a metric');
    // A model saved before `mean_rating` was a feature: its rows are mapped column by column.
    const dropped = fitted.features.findIndex((f) => f.name === 'mean_rating');
    const without = <T>(list: readonly T[]) => list.filter((_, j) => j !== dropped);
    const older: SegmentModelJSON = {
      ...fitted,
      features: without(fitted.features),
      weights: without(fitted.weights),
      standardizer: {
        ...fitted.standardizer,
        mean: without(fitted.standardizer.mean),
        std: without(fitted.standardizer.std),
      },
      metric: null,
      centroids: fitted.centroids.map(without),
    };
    const plain = SegmentModel.fit(profiles, {
      k: 3,
      seed: 3,
      restarts: 1,
      tasteDims: 0,
      clustering: 'kmeans',
    }).toJSON();
    for (const json of [fitted, older, plain]) {
      const model = SegmentModel.fromJSON(json);
      const before = profiles.map((p) => frozenSegmentRow(json, p));
      const encoded = profiles.map((p) => [...model.encode(p)].map(String).join());
      const mismatched = profiles.findIndex(
        (p, i) => model.predict(p) !== before[i]!.segment || encoded[i] !== [...before[i]!.encoded].map(String).join(),
      );
      assert.equal(mismatched, -1, `user ${profiles[mismatched]?.userId}: ${encoded[mismatched]?.slice(0, 400)}`);
      assert.ok(new Set(before.map((b) => b.segment)).size > 1, 'the users fall into several segments');
    }
  });
});
