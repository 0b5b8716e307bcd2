import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { FEATURE_SETS, featureCount, headFeatures, rowWithin } from '../src/domain/head-features.js';

describe('head feature sets', () => {
  it('keep the row layout stored heads were trained on: the vector first where the name says so', () => {
    const widths = Object.fromEntries(FEATURE_SETS.map((set) => [set, featureCount(set, 4)]));
    assert.deepEqual(widths, {
      embedding: 4,
      'embedding+lexicon-v1': 4 + 7,
      'embedding+lexicon-v2': 4 + 11,
      'embedding+subwords': 4 + 1024,
      'embedding+lexicon-v2+subwords': 4 + 11 + 1024,
      'lexicon-v2': 11,
      'embedding+lexicon-v3': 4 + 11,
      'lexicon-v3': 11,
      'intent-lexicon-v1': widths['intent-lexicon-v1'],
    });
    const vector = Float32Array.of(9, 8, 7, 6);
    for (const set of FEATURE_SETS) {
      const row = headFeatures(set, vector, '很好');
      const otherVector = headFeatures(set, new Float32Array(4), '很好');
      if (set.startsWith('embedding')) assert.equal([...row.subarray(0, 4)].join(), '9,8,7,6', set);
      else assert.equal(row.join(), otherVector.join(), `${set} reads no vector`);
    }
  });

  it('-v3 reads middling verdicts where -v2 does not, and is the same row elsewhere', () => {
    const vector = new Float32Array(4);
    const row = (set: 'lexicon-v2' | 'lexicon-v3', text: string) => [...headFeatures(set, vector, text)].join();
    assert.equal(row('lexicon-v3', '做工很好，物流很快'), row('lexicon-v2', '做工很好，物流很快'));
    assert.notEqual(row('lexicon-v3', '做工不好不坏'), row('lexicon-v2', '做工不好不坏'));
    assert.equal(
      [...headFeatures('embedding+lexicon-v3', vector, '做工不好不坏').subarray(4)].join(),
      row('lexicon-v3', '做工不好不坏'),
    );
  });

  it("cut a lexicon expert's row from its head's row only where the blocks are the same", () => {
    const vector = Float32Array.of(9, 8, 7, 6);
    const text = '做工不好不坏，物流很快';
    const headRow = headFeatures('embedding+lexicon-v3', vector, text);
    assert.equal(
      rowWithin('lexicon-v3', 'embedding+lexicon-v3', headRow)?.join(),
      headFeatures('lexicon-v3', vector, text).join(),
    );
    assert.equal(rowWithin('lexicon-v2', 'embedding+lexicon-v3', headRow), undefined);
    assert.equal(
      rowWithin('lexicon-v2', 'embedding+lexicon-v1', headFeatures('embedding+lexicon-v1', vector, text)),
      undefined,
    );
    assert.equal(
      rowWithin('intent-lexicon-v1', 'embedding+subwords', headFeatures('embedding+subwords', vector, text)),
      undefined,
    );
  });
});
