import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from '@jest/globals';
import {
  buildPriceIndex,
  buildUserProfile,
  DAY_MS,
  type ItemInfo,
  type ItemLookup,
  type PriceIndex,
  type ProfileOptions,
  SegmentModel,
  type SegmentModelJSON,
  type UserEvent,
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

/** Every user's profile as `exact` text, checked against the frozen code's. */
function compareProfiles(
  users: readonly (readonly [string, readonly UserEvent[]])[],
  lookup: ItemLookup,
  prices: PriceIndex,
  options: ProfileOptions,
): string[] {
  const now = users.map(([id, events]) => exact(buildUserProfile(id, events, lookup, prices, options)));
  const before = users.map(([id, events]) => exact(frozenUserProfile(id, events, lookup, prices, options)));
  // Digests first: a failure names the first user that differs, never prints thousands of profiles.
  if (digest(now) !== digest(before)) {
    const i = now.findIndex((text, j) => text !== before[j]);
    assert.fail(`user ${users[i]?.[0]} differs: ${now[i]?.slice(0, 600)} … was ${before[i]?.slice(0, 600)}`);
  }
  return now;
}

// 2026-12-05: test/frozen/ is the code before the rebuild and predict were made cheaper (H8, 2731f5a..e28cf8a,
// and its follow-up), kept to prove that refactor changed no bit. Once it has settled, delete this file and
// test/frozen/: a later, deliberate change to the maths should change the behaviour tests, not edit test/frozen.
describe('profiles and segments against the code before their per-event work was cut', () => {
  const shop = shopHistories(17, 400, 45);
  const lookup = (id: string) => shop.items.get(id);
  const prices = buildPriceIndex(shop.items.values());
  const users = [...shop.byUser];

  const compare = (options: ProfileOptions) => compareProfiles(users, lookup, prices, options);

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
    // The frozen code predates the per-feature power transform: models fitted without one.
    const untransformed = { featureTransform: 'none' } as const;
    const fitted = SegmentModel.fit(profiles, { k: 4, seed: 3, restarts: 2, tasteDims: 2, ...untransformed }).toJSON();
    assert.ok(fitted.taste && fitted.metric, 'the model has a taste projection and a metric');
    // A model saved before `mean_rating` was a feature (its rows are mapped column by column) and before the
    // power transform (no powerTransform key at all).
    const dropped = fitted.features.findIndex((f) => f.name === 'mean_rating');
    const without = <T>(list: readonly T[]) => list.filter((_, j) => j !== dropped);
    const { powerTransform, ...beforeTransforms } = fitted;
    assert.equal(powerTransform, null);
    const older: SegmentModelJSON = {
      ...beforeTransforms,
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
      ...untransformed,
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
  it('stays the same for keys an object orders or treats apart, and for items missing from the catalog', () => {
    // Brand and category keys that are array indices ("0", "2", "1001": an object lists them first, in numeric
    // order) or "__proto__" (an assignment would set the prototype), beside ordinary ones.
    const catalog: ItemInfo[] = [
      { itemId: 'a', categoryPath: ['7', 'x'], brand: '1001', price: 10 },
      { itemId: 'b', categoryPath: ['7', 'y'], brand: '__proto__', price: 20 },
      { itemId: 'c', categoryPath: ['shoes', 'x'], brand: '2', price: 30 },
      { itemId: 'd', categoryPath: ['__proto__', 'z'], brand: 'acme', price: 15 },
      { itemId: 'e', categoryPath: ['shoes', 'y'], brand: 'acme', price: 12, popularity: 0.4 },
      { itemId: 'f', categoryPath: ['12'], brand: '0', price: 9, vector: [1, 0.5] },
      { itemId: 'g', categoryPath: ['7', 'x'], brand: '', price: 11 },
      { itemId: 'h', categoryPath: ['12'], brand: '4294967295', price: 8 },
      { itemId: 'i', categoryPath: ['shoes', 'x'], brand: '01', price: 25 },
      { itemId: 'j', categoryPath: ['7', 'y'], brand: '3', price: 14 },
      { itemId: 'k', categoryPath: ['shoes', 'y'], brand: '250', price: 18 },
      { itemId: 'l', categoryPath: ['7', 'x'], brand: 'zeta', price: 13 },
    ];
    const byId = new Map(catalog.map((item) => [item.itemId, item]));
    const kinds = ['view', 'click', 'add_to_cart', 'purchase', 'view'] as const;
    const ids = [...byId.keys(), 'ghost'];
    // Users whose weights rank the keys differently: user u sees item j at a time and kind set by (u, j).
    const users = Array.from({ length: 60 }, (_, u) => {
      const events: UserEvent[] = [];
      for (let n = 0; n < 8 + (u % 20); n++) {
        const j = (n * (u + 3) + u) % ids.length;
        events.push({ kind: kinds[(n + u) % kinds.length]!, at: DAY_MS * (40 - ((n * 7 + u) % 37)), itemId: ids[j] });
      }
      return [`u${u}`, events] as const;
    });
    const lookup = (id: string) => byId.get(id);
    const prices = buildPriceIndex(catalog);
    const profiles = compareProfiles(users, lookup, prices, { asOf: 41 * DAY_MS, halfLifeDays: 9 });
    compareProfiles(users, lookup, prices, { asOf: 41 * DAY_MS, categoryLevel: 1 });
    // The history reaches those keys and the missing item.
    const built = users.map(([id, events]) => buildUserProfile(id, events, lookup, prices, { asOf: 41 * DAY_MS }));
    assert.ok(built.some((p) => Object.hasOwn(p.brands, '__proto__') && Object.hasOwn(p.brands, '1001')));
    assert.ok(built.some((p) => Object.hasOwn(p.categories, '__proto__') && Object.hasOwn(p.categories, '7')));
    assert.ok(users.some(([, events]) => events.some((e) => e.itemId === 'ghost')));
    assert.equal(new Set(profiles).size, users.length);
  });
});
