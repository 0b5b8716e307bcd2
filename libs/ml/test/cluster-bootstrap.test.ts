import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { clusterBootstrapSpread } from '../src/index.js';
import { assertClose } from './synthetic.js';

describe('clusterBootstrapSpread', () => {
  it('two equal groups, one all right and one all wrong: accuracy 0, ½ or 1 with odds ¼ ½ ¼, SD √⅛', () => {
    const hits = [true, true, true, false, false, false];
    const groups = ['a', 'a', 'a', 'b', 'b', 'b'];
    const spread = clusterBootstrapSpread(hits, groups, { draws: 20_000 });
    assert.equal(spread.groups, 2);
    assert.equal(spread.accuracy, 0.5);
    assertClose(spread.standardDeviation, Math.sqrt(1 / 8), 0.01, 'SD');
  });

  it('the same hits as one row a group: the ordinary bootstrap, √(p(1 − p)/n)', () => {
    const hits = [true, true, true, false, false, false];
    const spread = clusterBootstrapSpread(hits, ['a', 'b', 'c', 'd', 'e', 'f'], { draws: 20_000 });
    assert.equal(spread.groups, 6);
    assertClose(spread.standardDeviation, Math.sqrt(0.25 / 6), 0.01, 'SD');
  });

  it('is zero when every group is right and refuses rows without groups', () => {
    assert.equal(clusterBootstrapSpread([true, true], ['a', 'b']).standardDeviation, 0);
    assert.throws(() => clusterBootstrapSpread([true], []), /1 hits but 0 groups/);
  });
});
