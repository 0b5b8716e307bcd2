import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import {
  ComplementsSource,
  ContentSource,
  cooccurrenceNeighbours,
  Dataset,
  ItemCfSource,
  NewArrivalsSource,
  PopularSource,
  ReplenishSource,
  SessionSource,
  TrendingSource,
  ViewedNotBoughtSource,
} from '../src/index.js';
import { catalog, DAY, event, NOW } from './fixtures.js';

describe('co-occurrence neighbours', () => {
  it('are cosine over baskets, down-weighted by basket size', () => {
    // baskets {0,1}, {0,1,2}: co(0,1) = 1/log2(4) + 1/log2(5); n0 = n1 = 2
    const nb = cooccurrenceNeighbours([Int32Array.of(0, 1), Int32Array.of(0, 1, 2)], 3, 5);
    const sims = nb.scores.subarray(nb.offsets[0]!, nb.offsets[1]!);
    assert.deepEqual(Array.from(nb.indices.subarray(nb.offsets[0]!, nb.offsets[1]!)), [1, 2]);
    assert.ok(Math.abs(sims[0]! - (1 / 2 + 1 / Math.log2(5)) / 2) < 1e-6);
    assert.ok(Math.abs(sims[1]! - 1 / Math.log2(5) / Math.sqrt(2)) < 1e-6);
  });
});

describe('item-to-item and session sources', () => {
  const history = [
    ...['a', 'b', 'c'].flatMap((u) => [
      event(u, 0, 'view', 3),
      event(u, 2, 'view', 2.99),
      event(u, 2, 'purchase', 2.9),
    ]),
    event('d', 0, 'view', 1),
    event('e', 4, 'view', 1),
  ];
  const data = new Dataset(catalog(6), history, NOW);

  it('proposes what others co-viewed and co-bought, saying why', () => {
    const list = ItemCfSource.train(data).candidates({ user: data.userIndex.get('d')!, now: NOW }, 3);
    assert.equal(list[0]!.item, 2);
    assert.equal(list[0]!.reason.text, 'because you viewed “item 0”');
  });

  it('after viewing X proposes what shoppers viewed next', () => {
    const list = SessionSource.train(data).candidates({ user: -1, now: NOW, currentItem: 0 }, 3);
    assert.deepEqual(
      list.map((c) => c.item),
      [2],
    );
    assert.match(list[0]!.reason.text, /viewed “item 0” went on to view it/);
  });
});

describe('latent needs', () => {
  it('viewed or carted but not bought, and nothing already bought since', () => {
    const data = new Dataset(
      catalog(6),
      [
        event('u', 1, 'view', 5),
        event('u', 1, 'view', 4),
        event('u', 3, 'add_to_cart', 2),
        event('u', 5, 'view', 3),
        event('u', 5, 'purchase', 2),
        event('u', 4, 'view', 60),
      ],
      NOW,
    );
    const list = ViewedNotBoughtSource.train(data).candidates({ user: 0, now: NOW }, 10);
    assert.deepEqual(
      list.map((c) => c.item),
      [3, 1],
    );
    assert.equal(list[0]!.reason.text, 'still in your cart: “item 3”');
    assert.equal(list[1]!.reason.text, 'you looked at “item 1” 2 times');
  });

  it('replenishment comes due on the user’s own repeat cycle, and not before', () => {
    const buys = [event('u', 2, 'purchase', 90), event('u', 2, 'purchase', 60), event('u', 2, 'purchase', 30)];
    const due = ReplenishSource.train(new Dataset(catalog(4), buys, NOW)).candidates({ user: 0, now: NOW }, 5);
    assert.equal(due.length, 1);
    assert.equal(due[0]!.reason.text, 'running low on “item 2”? You buy it about every 30 days');
    const early = new Dataset(catalog(4), buys, NOW - 20 * DAY);
    assert.deepEqual(ReplenishSource.train(early).candidates({ user: 0, now: NOW - 20 * DAY }, 5), []);
  });

  it('a one-time buyer gets the item’s cycle among repeat buyers', () => {
    const data = new Dataset(
      catalog(4),
      [
        event('r', 2, 'purchase', 50),
        event('r', 2, 'purchase', 30),
        event('r', 2, 'purchase', 10),
        event('u', 2, 'purchase', 21),
      ],
      NOW,
    );
    const list = ReplenishSource.train(data).candidates({ user: data.userIndex.get('u')!, now: NOW }, 5);
    assert.match(list[0]!.reason.text, /about every 20 days/);
  });

  it('complements: bought later by buyers of X, in another category', () => {
    const data = new Dataset(
      catalog(6),
      [
        ...['a', 'b'].flatMap((u) => [
          event(u, 0, 'purchase', 20),
          event(u, 1, 'purchase', 15),
          event(u, 2, 'purchase', 14),
        ]),
        event('c', 0, 'purchase', 2),
      ],
      NOW,
    );
    const list = ComplementsSource.train(data).candidates({ user: data.userIndex.get('c')!, now: NOW }, 5);
    assert.deepEqual(
      list.map((c) => c.item),
      [1],
      'item 2 shares item 0’s category, so it is no complement',
    );
    assert.equal(list[0]!.reason.text, 'goes with “item 0” you bought');
  });
});

describe('content, popularity and new arrivals', () => {
  const items = catalog(8);
  items[6]!.addedAt = NOW - 2 * DAY;
  const data = new Dataset(
    items,
    [event('u', 0, 'view', 1), event('u', 2, 'view', 1), event('v', 1, 'view', 3), event('w', 1, 'view', 10)],
    NOW,
  );

  it('content finds items near the user’s taste, untouched items included', () => {
    const list = ContentSource.train(data).candidates({ user: data.userIndex.get('u')!, now: NOW }, 4);
    assert.ok(list.every((c) => c.item % 2 === 0));
    assert.ok(list.some((c) => c.item === 6));
  });

  it('popular overall and per segment; trending needs a rise', () => {
    const popular = PopularSource.train(data);
    assert.equal(popular.candidates({ user: -1, now: NOW }, 1)[0]!.item, 1);
    const seg = popular.candidates({ user: data.userIndex.get('u')!, now: NOW }, 2);
    assert.ok(seg.every((c) => c.item % 2 === 0));
    assert.match(seg[0]!.reason.text, /popular in A/);
    assert.match(TrendingSource.train(data).candidates({ user: -1, now: NOW }, 1)[0]!.reason.text, /trending/);
  });

  it('new arrivals: recently added and never-seen items, by taste when known', () => {
    const content = ContentSource.train(data);
    const fresh = NewArrivalsSource.train(data, (c) => content.tasteVector(c));
    assert.equal(fresh.candidates({ user: -1, now: NOW }, 1)[0]!.item, 6, 'newest first for a stranger');
    const forU = fresh.candidates({ user: data.userIndex.get('u')!, now: NOW }, 3);
    assert.ok(forU[0]!.item % 2 === 0);
    assert.ok(!forU.some((c) => c.item === 0 || c.item === 1));
  });
});

describe('content neighbours', () => {
  // 500 items in four mid-level categories of 125 (more than the 100 neighbours kept), random vectors.
  let seed = 7;
  const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31) * 2 - 1;
  const items = catalog(500).map((item, i) => ({
    ...item,
    category: [i < 250 ? 'T0' : 'T1', `M${i % 2}`, 'leaf'],
    vector: Array.from({ length: 6 }, random),
  }));
  const data = new Dataset(items, [event('u', 0, 'view', 1)], NOW);
  const mid = (i: number) => items[i]!.category.slice(0, 2).join('/');

  it('found lazily in any order, each item’s best by dot product within its mid-level category', () => {
    const content = ContentSource.train(data, false);
    for (let item = data.itemCount - 1; item >= 0; item--) {
      const expected: { other: number; sim: number }[] = [];
      for (let other = 0; other < data.itemCount; other++) {
        if (other === item || mid(other) !== mid(item)) continue;
        let s = 0;
        for (let d = 0; d < data.dims; d++)
          s += data.vectors[item * data.dims + d]! * data.vectors[other * data.dims + d]!;
        expected.push({ other, sim: Math.fround(s) });
      }
      expected.sort((a, b) => b.sim - a.sim || a.other - b.other);
      const { items: near, sims } = content.neighbours(item);
      assert.deepEqual(
        [...near],
        expected.slice(0, 100).map((e) => e.other),
      );
      assert.deepEqual(
        [...sims],
        expected.slice(0, 100).map((e) => e.sim),
      );
    }
  });

  it('refuses an item outside the catalog', () => {
    const content = ContentSource.train(data, false);
    for (const item of [-1, data.itemCount, 1.5, Number.NaN])
      assert.throws(() => content.neighbours(item), RangeError, String(item));
  });

  it('keeps no neighbour rows without content vectors', () => {
    const bare = new Dataset(
      catalog(30).map(({ vector: _, ...item }) => item),
      [event('u', 0, 'view', 1)],
      NOW,
    );
    assert.equal(bare.dims, 0);
    const content = ContentSource.train(bare, false);
    const rows = content as unknown as { nearItems: Int32Array; nearSims: Float32Array };
    assert.equal(rows.nearItems.length + rows.nearSims.length, 0);
    assert.equal(content.neighbours(3).items.length, 0);
  });
});
