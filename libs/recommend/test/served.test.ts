import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { joinServedWithOutcomes, trainHybrid } from '../src/index.js';
import { catalog, DAY, event, NOW, twoGroups } from './fixtures.js';

describe('served lists joined with later engagement', () => {
  it('label the served items the same shopper clicked, carted or bought within the window after the list', () => {
    const at = NOW - 5 * DAY;
    const [outcome] = joinServedWithOutcomes(
      [{ user: 'u1', at, items: ['i1', 'i2', 'i3', 'i4', 'i5'] }],
      [
        { user: 'u1', item: 'i1', kind: 'click', at: at + 1000 },
        { user: 'u1', item: 'i2', kind: 'view', at: at + 1000 },
        { user: 'u1', item: 'i3', kind: 'purchase', at: at + DAY - 1 },
        { user: 'u1', item: 'i4', kind: 'click', at: at - 1000 },
        { user: 'u1', item: 'i5', kind: 'add_to_cart', at: at + DAY + 1 },
        { user: 'u2', item: 'i1', kind: 'click', at: at + 1000 },
        { user: 'u1', item: 'i9', kind: 'click', at: at + 1000 },
      ],
      DAY,
    );
    assert.deepEqual(outcome!.engaged.sort(), ['i1', 'i3']);
  });

  it('train the warm ranker once there are enough of them, else the history’s own last days do', () => {
    const items = catalog(40);
    const history = [...twoGroups(80, 40, 20).map((e) => ({ ...e, at: e.at - 10 * DAY })), ...twoGroups(80, 40, 10, 9)];
    // Each served list shows both groups' items; its shopper clicks those of their own group.
    const served = Array.from({ length: 80 }, (_, u) => ({
      user: `u${u}`,
      at: NOW - 6 * DAY,
      items: Array.from({ length: 10 }, (_, k) => `i${k}`),
      engaged: Array.from({ length: 10 }, (_, k) => `i${k}`).filter((_, k) => k % 2 === u % 2),
    }));
    const options = { labelDays: 14, als: { factors: 8 }, minServedLists: 60 };
    const fromServed = trainHybrid(items, [...history, event('u0', 2, 'purchase', 3)], NOW, { ...options, served });
    assert.equal(fromServed.report.rankerExamples, 'served_lists');
    assert.deepEqual(
      fromServed.report.ranker.validation.map((v) => v.name),
      ['rank_fusion', 'logistic', 'fm'],
    );
    assert.ok(fromServed.report.trainingRows > 0 && fromServed.report.trainingRows <= 64 * 10);
    const tooFew = trainHybrid(items, history, NOW, { ...options, served: served.slice(0, 59) });
    assert.equal(tooFew.report.rankerExamples, 'history');
  }, 60_000);
});
