import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { topN } from '../src/index.js';

describe('topN', () => {
  it('keeps the n largest, ties to the lower index, whatever the order of the scan (many ties)', () => {
    let seed = 7;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let t = 0; t < 2000; t++) {
      const scores = Array.from({ length: 1 + Math.floor(rand() * 60) }, () => Math.floor(rand() * 5));
      const n = 1 + Math.floor(rand() * 15);
      const sorted = [...scores.keys()].sort((a, b) => scores[b]! - scores[a]! || a - b);
      assert.deepEqual(topN(scores, n), sorted.slice(0, n));
    }
  });

  it('skips −Infinity, NaN and excluded items', () => {
    assert.deepEqual(
      topN([3, Number.NEGATIVE_INFINITY, Number.NaN, 5, 4], 5, (i) => i === 4),
      [3, 0],
    );
  });
});
