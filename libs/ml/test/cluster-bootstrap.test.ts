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

  // Label A's 3 groups always right, label B's 3 always wrong, 2 rows each.
  const sixGroups = ['a1', 'a2', 'a3', 'b1', 'b2', 'b3'].flatMap((group) => [group, group]);
  const hitsOfSix = sixGroups.map((group) => group.startsWith('a'));
  const labels = sixGroups.map((group) => group[0]!);

  it('drawn per stratum, varies only within strata: labels all right or all wrong give no spread', () => {
    const spread = clusterBootstrapSpread(hitsOfSix, sixGroups, { strata: labels, draws: 20_000 });
    assert.equal(spread.groups, 6);
    assert.equal(spread.accuracy, 0.5);
    assert.equal(spread.standardDeviation, 0);
    // Without strata the share of A's groups varies: √(½ · ½ / 6) ≈ 0.20.
    const unstratified = clusterBootstrapSpread(hitsOfSix, sixGroups, { draws: 20_000 });
    assertClose(unstratified.standardDeviation, Math.sqrt(0.25 / 6), 0.01, 'SD without strata');
  });

  it('per stratum: a mixed stratum of two 2-row groups beside an all-right one — SD √2 / 8', () => {
    // Stratum A: a1 right, a2 wrong; stratum B: b1, b2 right. A's hits 0 / 2 / 4 with odds ¼ ½ ¼ (variance 2)
    // beside B's 4, over 8 rows.
    const groups = ['a1', 'a1', 'a2', 'a2', 'b1', 'b1', 'b2', 'b2'];
    const spread = clusterBootstrapSpread(
      groups.map((group) => group !== 'a2'),
      groups,
      { strata: groups.map((group) => group[0]!), draws: 20_000 },
    );
    assertClose(spread.standardDeviation, Math.sqrt(2) / 8, 0.005, 'SD');
  });

  it('refuses a group in two strata or strata of another length', () => {
    assert.throws(() => clusterBootstrapSpread([true, true], ['a', 'a'], { strata: ['x', 'y'] }), /a spans two/);
    assert.throws(() => clusterBootstrapSpread([true], ['a'], { strata: [] }), /1 groups and 0 strata/);
  });
});
