import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { parseChineseNumber } from '../src/index.js';

describe('parseChineseNumber', () => {
  const cases: [string, number][] = [
    ['零', 0],
    ['一', 1],
    ['两', 2],
    ['十', 10],
    ['十五', 15],
    ['二十', 20],
    ['两百', 200],
    ['一百零八', 108],
    ['一千二百五十', 1250],
    ['两千五百', 2500],
    ['一千零二十', 1020],
    ['五十万', 500_000],
    ['一万二千', 12_000],
    ['一亿三千万', 130_000_000],
    ['一千二', 1200],
    ['两百五', 250],
    ['三万五', 35_000],
    ['三点五', 3.5],
    ['零点五', 0.5],
    ['二零二四', 2024],
    ['半', 0.5],
  ];
  for (const [text, expected] of cases) {
    it(`${text} → ${expected}`, () => assert.equal(parseChineseNumber(text), expected));
  }

  it('rejects malformed numerals', () => {
    for (const text of ['', '百', '十百', '一百二三', '一百万千', '三点', '点五五', '两两', '手机']) {
      assert.equal(parseChineseNumber(text), undefined, text);
    }
  });
});
