import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import {
  GENERAL_POLARITY_FEATURE_COUNT,
  generalPolarityFeatures,
  generalValences,
} from '../src/domain/general-polarity.js';

const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0);

describe('general word polarity', () => {
  it('rates English words by AFINN-165 and turns them under a negator', () => {
    assert.ok(sum(generalValences('excellent, would recommend')) > 0);
    assert.ok(sum(generalValences('terrible quality')) < 0);
    assert.ok(sum(generalValences('not good at all')) < 0, 'not good counts against');
    assert.deepEqual(generalValences('the parcel is blue'), []);
  });

  it('rates Chinese words through the AFINN valence of their CC-CEDICT glosses', () => {
    assert.ok(sum(generalValences('完美')) > 0, '完美: perfect');
    assert.ok(sum(generalValences('很后悔')) < 0, '后悔: to regret');
    assert.ok(sum(generalValences('不完美')) < 0, 'a negator before the word turns it');
  });

  it('gives bounded features with a flag for mixed praise and blame', () => {
    const mixed = generalPolarityFeatures('完美, but terrible');
    assert.equal(mixed.length, GENERAL_POLARITY_FEATURE_COUNT);
    for (const value of mixed) assert.ok(value >= -1 && value <= 1);
    assert.equal(mixed[3], 1);
    assert.deepEqual(generalPolarityFeatures(''), [0, 0, 0, 0]);
  });
});
