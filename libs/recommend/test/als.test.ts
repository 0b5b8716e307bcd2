import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { AlsSource, Dataset, ImplicitAls, trainAlsParallel } from '../src/index.js';
import { catalog, NOW, twoGroups } from './fixtures.js';

describe('ImplicitAls', () => {
  const data = new Dataset(catalog(40), twoGroups(60, 40, 12), NOW);
  const als = ImplicitAls.train(data.userItem, data.itemUser, { factors: 8, iterations: 10 });

  it('ranks a user’s own taste group above the other', () => {
    for (const u of [0, 1, 2, 3]) {
      const user = data.userIndex.get(`u${u}`)!;
      const scores = als.scores(als.userVector(user));
      let own = 0;
      let other = 0;
      for (let i = 0; i < 40; i++) i % 2 === u % 2 ? (own += scores[i]!) : (other += scores[i]!);
      assert.ok(own / 20 > other / 20 + 0.1, `user u${u}: own ${own / 20} vs other ${other / 20}`);
    }
  });

  it('folds in a new user from a few items without retraining', () => {
    const items = [1, 3, 5].map((i) => data.itemIndex.get(`i${i}`)!);
    const x = als.foldInUser(items, [1, 1, 1]);
    const scores = als.scores(x);
    const odd = data.itemIndex.get('i7')!;
    const even = data.itemIndex.get('i6')!;
    assert.ok(scores[odd]! > scores[even]!, 'odd-item viewer prefers another odd item');
  });

  it('folds in a new item next to the items its users liked', () => {
    const evenUsers = [0, 2, 4, 6].map((u) => data.userIndex.get(`u${u}`)!);
    const y = als.foldInItem(evenUsers, [1, 1, 1, 1]);
    const before = als.items;
    als.appendItems([y]);
    assert.equal(als.items, before + 1);
    const u0 = als.scores(als.userVector(data.userIndex.get('u0')!));
    const u1 = als.scores(als.userVector(data.userIndex.get('u1')!));
    assert.ok(u0[before]! > u1[before]!, 'even users score the new item above odd users');
  });

  it('with k conjugate-gradient steps the fold-in solves the normal equations exactly', () => {
    const k = als.k;
    const items = [0, 2, 9];
    const strength = [2, 1, 0.5];
    const x = als.foldInUser(items, strength);
    // A x = b with A = YᵀY + λI + Σ αr y yᵀ, b = Σ (1 + αr) y
    const Y = als.itemFactors;
    for (let a = 0; a < k; a++) {
      let lhs = als.regularization * x[a]!;
      for (let i = 0; i < als.items; i++) {
        let yx = 0;
        for (let d = 0; d < k; d++) yx += Y[i * k + d]! * x[d]!;
        lhs += Y[i * k + a]! * yx;
      }
      let rhs = 0;
      items.forEach((i, j) => {
        let yx = 0;
        for (let d = 0; d < k; d++) yx += Y[i * k + d]! * x[d]!;
        const c = 1 + als.alpha * strength[j]!;
        lhs += (c - 1) * Y[i * k + a]! * yx;
        rhs += c * Y[i * k + a]!;
      });
      assert.ok(Math.abs(lhs - rhs) < 1e-3 * Math.max(1, Math.abs(rhs)), `row ${a}: ${lhs} vs ${rhs}`);
    }
  });

  it('saves and loads to the same scores', () => {
    const copy = ImplicitAls.fromJSON(JSON.parse(JSON.stringify(als.toJSON())));
    assert.deepEqual(copy.scores(copy.userVector(3)), als.scores(als.userVector(3)));
    assert.throws(() => ImplicitAls.fromJSON({ kind: 'other' } as never), /not an implicit ALS model/);
  });

  it('as a source, gives a cold session user candidates from their recent items with a reason', () => {
    const source = new AlsSource(als, data);
    const list = source.candidates({ user: -1, now: NOW, recentItems: [1, 3] }, 5);
    assert.equal(list.length, 5);
    assert.ok(list.filter((c) => c.item % 2 === 1).length >= 4);
    assert.match(list[0]!.reason.text, /tastes like yours/);
    assert.deepEqual(source.candidates({ user: -1, now: NOW }, 5), []);
  });
});

describe('trainAlsParallel', () => {
  it('splits rows across worker threads and gets exactly the serial factors', async () => {
    const data = new Dataset(catalog(30), twoGroups(50, 30, 10), NOW);
    const options = { factors: 6, iterations: 3, seed: 9 };
    const serial = ImplicitAls.train(data.userItem, data.itemUser, options);
    const threaded = await trainAlsParallel(data.userItem, data.itemUser, { ...options, threads: 2 });
    assert.deepEqual(threaded.userFactors, serial.userFactors);
    assert.deepEqual(threaded.itemFactors, serial.itemFactors);
  });
});
