import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { featureCount, headFeatures } from '../src/domain/head-features.js';
import { INTENT_LEXICON_FEATURE_COUNT, intentLexiconFeatures } from '../src/domain/intent-lexicon.js';

const ORDER = ['return', 'shipping', 'size', 'price', 'complaint', 'product_question'];
const strongest = (text: string): string => {
  const row = intentLexiconFeatures(text);
  return ORDER[row.indexOf(Math.max(...row))] as string;
};

describe('intent lexicon', () => {
  it('names the intent a general request is about, in Chinese and English', () => {
    assert.equal(strongest('这个能退款吗'), 'return');
    assert.equal(strongest('Can I get a REFUND for it?'), 'return');
    assert.equal(strongest('快递到哪了'), 'shipping');
    assert.equal(strongest('where is my parcel'), 'shipping');
    assert.equal(strongest('what size should i pick'), 'size');
    assert.equal(strongest('有优惠券吗'), 'price');
    assert.deepEqual(intentLexiconFeatures('你好，谢谢'), new Array(INTENT_LEXICON_FEATURE_COUNT).fill(0));
  });

  it('matches English terms as whole words and saturates at three', () => {
    assert.deepEqual(intentLexiconFeatures('shipment hippo'), new Array(INTENT_LEXICON_FEATURE_COUNT).fill(0));
    assert.equal(intentLexiconFeatures('refund refund refund refund return')[0], 1);
  });

  it('is a head feature set without the vector', () => {
    assert.equal(featureCount('intent-lexicon-v1', 256), INTENT_LEXICON_FEATURE_COUNT);
    assert.deepEqual(
      headFeatures('intent-lexicon-v1', new Float32Array(256), '退货'),
      Float32Array.from(intentLexiconFeatures('退货')),
    );
  });
});
