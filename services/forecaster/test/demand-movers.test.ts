import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { emptyItem } from '../src/domain/demand-tree.js';
import { DemandMovers, type DemandMoversRequest } from '../src/domain/demand-movers.js';
import { ForecasterError } from '../src/domain/forecaster.error.js';
import { moverScore } from '../src/domain/mover-score.js';
import type { DemandSeriesSource, ItemDemand } from '../src/ports/demand-series.port.js';

const close = (actual: number, expected: number) =>
  assert.ok(Math.abs(actual - expected) < 1e-4, `${actual} ≈ ${expected}`);

describe('moverScore (7 recent days against 28 prior, 10 events of "no change")', () => {
  it('14 recent against 28 prior: twice the rate, shrunk to 16/36·4 = 1.7778, z = 5.6/√6.72', () => {
    const s = moverScore(14, 28, 7, 28, 10);
    close(s.expected, 7);
    close(s.rateRatio, 16 / 9);
    close(s.score, Math.log(16 / 9));
    close(s.z, 2.16025);
  });

  it('no events at all is no change, and so is the prior rate exactly', () => {
    assert.deepEqual(moverScore(0, 0, 7, 28, 10), { expected: 0, rateRatio: 1, score: 0, z: 0 });
    const same = moverScore(5, 20, 7, 28, 10);
    close(same.rateRatio, 1);
    close(same.z, 0);
  });

  it('one sale out of nowhere rises less than a doubling of hundreds: tiny counts do not dominate', () => {
    close(moverScore(1, 0, 7, 28, 10).rateRatio, 1.5);
    close(moverScore(100, 200, 7, 28, 10).rateRatio, (102 / 208) * 4);
    assert.ok(moverScore(1, 0, 7, 28, 10).score < moverScore(100, 200, 7, 28, 10).score);
  });

  it('a fall to nothing: 0 recent against 40 prior is (0+2)/(40+8)·4 = 1/6, z = −8/√6.4', () => {
    const s = moverScore(0, 40, 7, 28, 10);
    close(s.rateRatio, 1 / 6);
    close(s.z, -8 / Math.sqrt(6.4));
  });
});

/** Items whose units are `prior` on the first 28 days and `recent` on the last 7, spread over the days. */
function item(itemId: string, category: string, prior: number, recent: number): ItemDemand {
  const out = emptyItem(itemId, category, 35);
  out.units[0] = prior;
  out.units[34] = recent;
  out.views[30] = 3;
  return out;
}

const seen: { from: string; to: string }[] = [];
const source: DemandSeriesSource = {
  dailyDemand: async () => undefined,
  itemsDemand: async (from, to) => {
    seen.push({ from, to });
    return {
      days: [],
      items: [
        item('a', 'shoes', 28, 14),
        item('b', 'shoes', 40, 0),
        item('c', 'bags', 0, 1),
        item('d', 'bags', 200, 100),
        item('e', '', 4, 1),
      ],
    };
  },
  userActivity: async () => [],
};
const movers = new DemandMovers(source, () => Date.UTC(2026, 11, 5, 12));
const request = (over: Partial<DemandMoversRequest>): DemandMoversRequest => ({
  level: 'item',
  category: '',
  measure: '',
  recentDays: 0,
  priorDays: 0,
  throughDay: '',
  limit: 0,
  ...over,
});

describe('DemandMovers', () => {
  it('items: risers by shrunken log rate ratio, fallers the other way, over the 35 days up to yesterday', async () => {
    const out = await movers.list(request({}));
    assert.deepEqual(seen.at(-1), { from: '2026-10-31', to: '2026-12-04' });
    assert.deepEqual(
      out.risers.map((m) => m.id),
      ['d', 'a', 'c'],
    );
    assert.deepEqual(
      out.fallers.map((m) => m.id),
      ['b'],
    );
    assert.equal(out.compared, 5);
    assert.deepEqual(
      [out.recentFrom, out.recentThrough, out.priorFrom, out.priorThrough],
      ['2026-11-28', '2026-12-04', '2026-10-31', '2026-11-27'],
    );
    const a = out.risers[1]!;
    assert.deepEqual([a.recent, a.prior, a.category], [14, 28, 'shoes']);
    close(a.rateRatio, 16 / 9);
  });

  it('categories sum their items (no category left out), and a category filter keeps its items', async () => {
    const categories = await movers.list(request({ level: 'category' }));
    const shoes = categories.fallers.find((m) => m.id === 'shoes') ?? categories.risers.find((m) => m.id === 'shoes');
    assert.deepEqual([shoes?.recent, shoes?.prior], [14, 68]);
    assert.equal(categories.compared, 2);
    const bags = await movers.list(request({ category: 'bags', limit: 1 }));
    assert.deepEqual(
      bags.risers.map((m) => m.id),
      ['d'],
    );
    assert.equal(bags.compared, 2);
    const views = await movers.list(request({ measure: 'views', priorDays: 31 }));
    assert.deepEqual([views.risers.length, views.fallers.length], [0, 5], 'views of day 30 are prior ones now');
  });

  it('bad input is INVALID_ARGUMENT naming the field; an empty category is NOT_FOUND', async () => {
    const cases: [Partial<DemandMoversRequest>, string][] = [
      [{ level: undefined }, 'level'],
      [{ level: 'category', category: 'shoes' }, 'category'],
      [{ measure: 'revenue' }, 'measure'],
      [{ recentDays: 91 }, 'recent_days'],
      [{ priorDays: 366 }, 'prior_days'],
      [{ limit: 101 }, 'limit'],
      [{ throughDay: '2026-02-30' }, 'through_day'],
      [{ throughDay: '2026-12-06' }, 'through_day'],
    ];
    for (const [over, field] of cases)
      await assert.rejects(
        movers.list(request(over)),
        (e: unknown) => e instanceof ForecasterError && e.code === 'INVALID_ARGUMENT' && e.field === field,
        field,
      );
    await assert.rejects(
      movers.list(request({ category: 'hats' })),
      (e: unknown) => e instanceof ForecasterError && e.code === 'NOT_FOUND',
    );
  });
});
