import { describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { type Rfm, RfmPopulation, rfmScores, SortedValues } from '../src/index.js';

/** A Lehmer generator: the same draws every run. */
function draws(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 48271) % 2147483647) / 2147483647;
}

describe('SortedValues', () => {
  it('keeps values in order through adds and deletes past several block splits', () => {
    const next = draws(3);
    const values = new SortedValues();
    const mirror: number[] = [];
    for (let i = 0; i < 6000; i++) {
      const deleting = mirror.length > 0 && next() < 0.3;
      if (deleting) {
        const v = mirror.splice(Math.floor(next() * mirror.length), 1)[0]!;
        assert.equal(values.delete(v), true);
      } else {
        const v = next() < 0.2 ? Number.POSITIVE_INFINITY : Math.floor(next() * 50);
        values.add(v);
        mirror.push(v);
      }
    }
    mirror.sort((a, b) => a - b);
    assert.equal(values.size, mirror.length);
    const ranked = Array.from({ length: values.size }, (_, rank) => values.at(rank));
    const firstDifference = ranked.findIndex((v, rank) => v !== mirror[rank]);
    assert.equal(firstDifference, -1, `first rank out of order: ${firstDifference}`);
    assert.equal(values.delete(0.5), false, 'a value never added is not deleted');
    assert.throws(() => values.at(values.size), RangeError);
    assert.throws(() => values.add(Number.NaN), RangeError);
  });

  it('built from unsorted values at once holds them in order, and adds and deletes go on from there', () => {
    const next = draws(5);
    const mirror = Array.from({ length: 5000 }, () => Math.floor(next() * 300) - 100);
    const values = SortedValues.fromUnsorted(Float64Array.from(mirror));
    for (let i = 0; i < 3000; i++) {
      if (next() < 0.5) {
        const v = mirror.splice(Math.floor(next() * mirror.length), 1)[0]!;
        assert.equal(values.delete(v), true);
      } else {
        const v = Math.floor(next() * 300) - 100;
        values.add(v);
        mirror.push(v);
      }
    }
    mirror.sort((a, b) => a - b);
    assert.equal(values.size, mirror.length);
    const firstDifference = mirror.findIndex((v, rank) => values.at(rank) !== v);
    assert.equal(firstDifference, -1, `first rank out of order: ${firstDifference}`);
    assert.equal(SortedValues.fromUnsorted(new Float64Array(0)).size, 0);
    assert.throws(() => SortedValues.fromUnsorted(Float64Array.of(1, Number.NaN)), RangeError);
  });
});

describe('RfmPopulation', () => {
  const pool = [0, 0.5, 1, 1, 2, 7, 7, 30, Number.POSITIVE_INFINITY, Number.NaN];
  const rfm = (next: () => number): Rfm => {
    const spend = next();
    return {
      recencyDays: pool[Math.floor(next() * pool.length)]!,
      frequency: Math.floor(next() * 4),
      monetary: spend < 0.05 ? Number.NaN : spend < 0.4 ? 0 : Math.round(next() * 1000),
    };
  };

  /** The first member whose score by the cut points differs from `rfmScores` over the members, or -1. */
  const firstMismatch = (population: RfmPopulation, members: readonly Rfm[]) => {
    const expected = rfmScores(members);
    return members.findIndex((m, i) => {
      const got = population.scoreOf(m);
      const want = expected[i]!;
      return got.r !== want.r || got.f !== want.f || got.m !== want.m;
    });
  };

  it('scores every member as rfmScores does after users come, change and go, ties, infinities and NaNs included', () => {
    const next = draws(11);
    const population = new RfmPopulation();
    const members: Rfm[] = [];
    for (const round of [1, 2, 5, 40, 700, 1500, 200, 3000]) {
      for (let i = 0; i < round; i++) {
        const change = next();
        if (members.length > 0 && change < 0.25) {
          population.delete(members.splice(Math.floor(next() * members.length), 1)[0]!);
        } else if (members.length > 0 && change < 0.5) {
          const at = Math.floor(next() * members.length);
          population.delete(members[at]!);
          members[at] = rfm(next);
          population.add(members[at]!);
        } else {
          members.push(rfm(next));
          population.add(members.at(-1)!);
        }
      }
      population.updateCutPoints();
      assert.equal(population.size, members.length);
      assert.equal(firstMismatch(population, members), -1, `after a round of ${round} changes`);
    }
  });

  it('built at once, scores every member as rfmScores does, and as one built by adds after changes', () => {
    const next = draws(17);
    const members = Array.from({ length: 4000 }, () => rfm(next));
    const steps = RfmPopulation.build(members);
    let step = steps.next();
    let yields = 0;
    for (; !step.done; step = steps.next()) yields++;
    const population = step.value;
    assert.equal(yields, 3, 'the copy, then an axis a step');
    population.updateCutPoints();
    assert.equal(population.size, members.length);
    assert.equal(firstMismatch(population, members), -1, 'as built');
    for (let i = 0; i < 2000; i++) {
      const at = Math.floor(next() * members.length);
      population.delete(members[at]!);
      members[at] = rfm(next);
      population.add(members[at]!);
    }
    population.updateCutPoints();
    assert.equal(firstMismatch(population, members), -1, 'after changes');
  });

  it('is built from any iterable of as many values as counted', () => {
    const next = draws(29);
    const members = Array.from({ length: 500 }, () => rfm(next));
    function* each(): Generator<Rfm> {
      yield* members;
    }
    const built = (steps: Generator<void, RfmPopulation>) => {
      let step = steps.next();
      while (!step.done) step = steps.next();
      return step.value;
    };
    const population = built(RfmPopulation.build(each(), members.length));
    population.updateCutPoints();
    assert.equal(population.size, members.length);
    assert.equal(firstMismatch(population, members), -1);
    assert.throws(() => built(RfmPopulation.build(each(), members.length - 1)), RangeError);
    assert.throws(() => built(RfmPopulation.build(each(), members.length + 1)), RangeError);
  });

  it('scores by the cut points of the last update, 0s before any population', () => {
    const population = new RfmPopulation();
    const none = { recencyDays: Number.POSITIVE_INFINITY, frequency: 0, monetary: 0 };
    const buyer = { recencyDays: 1, frequency: 9, monetary: 900 };
    assert.deepEqual(population.scoreOf(buyer), { r: 0, f: 0, m: 0 });
    assert.equal(population.packedScoreOf(buyer), 0);
    population.add(buyer);
    population.add(none);
    population.updateCutPoints();
    assert.deepEqual(population.scoreOf(buyer), { r: 3, f: 3, m: 3 });
    assert.equal(population.packedScoreOf(none), 111);
    assert.equal(population.packedScoreOf(buyer), 333);
    const bigger = { recencyDays: 0, frequency: 20, monetary: 5000 };
    population.add(bigger);
    assert.deepEqual(population.scoreOf(buyer), { r: 3, f: 3, m: 3 }, 'until the next update');
    population.updateCutPoints();
    assert.deepEqual(population.scoreOf(buyer), { r: 2, f: 2, m: 2 });
    assert.throws(() => population.delete({ recencyDays: 3, frequency: 1, monetary: 1 }), RangeError);
  });

  it('ranks a NaN as the worst value of its axis, as rfmScores does', () => {
    const members = [Number.NaN, 0, 0, 0, 100].map((monetary) => ({ recencyDays: 2, frequency: 1, monetary }));
    const population = new RfmPopulation();
    for (const m of members) population.add(m);
    population.updateCutPoints();
    assert.deepEqual(
      rfmScores(members).map((s) => s.m),
      [1, 2, 2, 2, 5],
    );
    assert.equal(firstMismatch(population, members), -1);
    population.delete(members[0]!);
    assert.equal(population.size, 4);
  });
});
