import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { countSentimentTerms, lexiconFeatures, LEXICON_FEATURE_COUNT } from '../src/domain/sentiment-lexicon.js';

describe('sentiment lexicon', () => {
  it('counts praise and complaints in Chinese and English', () => {
    assert.deepEqual(countSentimentTerms('非常满意，推荐购买'), {
      positive: 2,
      negative: 0,
      negatedPositive: 0,
      negatedNegative: 0,
      hedge: 0,
      contrast: 0,
    });
    assert.deepEqual(countSentimentTerms('Terrible quality, very disappointed.'), {
      positive: 0,
      negative: 2,
      negatedPositive: 0,
      negatedNegative: 0,
      hedge: 0,
      contrast: 0,
    });
  });

  it('turns a word under a negator: 不好用 counts against, 一点都不失望 and 没有任何问题 count for', () => {
    assert.equal(countSentimentTerms('一点也不好用').negatedPositive, 1);
    assert.equal(countSentimentTerms('一点都不失望').negatedNegative, 1);
    assert.equal(countSentimentTerms('没有任何问题').negatedNegative, 1);
    assert.equal(countSentimentTerms("It's not worth the money").negatedPositive, 1);
    assert.equal(countSentimentTerms('不错').positive, 1, '不错 is a word of its own, not 错 negated');
  });

  it('marks hedges and contrasts, and bounds every feature', () => {
    const counts = countSentimentTerms('还行吧，面料很舒服，但是物流太慢了');
    assert.equal(counts.hedge, 1);
    assert.equal(counts.contrast, 1);
    assert.equal(counts.positive, 1);
    assert.equal(counts.negative, 1);
    const features = lexiconFeatures('好好好好好好 great great great great');
    assert.equal(features.length, LEXICON_FEATURE_COUNT);
    assert.ok(features.every((f) => f >= -1 && f <= 1));
    assert.ok((features[6] as number) > 0.9, 'net polarity saturates positive');
  });

  it('with middlingVerdicts reads middling verdicts as hedges; without, answers as before for heads trained on it', () => {
    const middling = { middlingVerdicts: true };
    const hedge = (text: string) => lexiconFeatures(text, middling)[4] as number;
    const plain = lexiconFeatures('客服不好不坏');
    assert.ok((plain[2] as number) > 0 && (plain[3] as number) > 0, 'plain: one negated word of each polarity');
    for (const text of ['客服不好不坏', 'the value is neither good nor bad', '跟别家差不多', 'the fit is passable'])
      assert.deepEqual(
        lexiconFeatures(text, middling).map((f, i) => (i === 4 ? f > 0 : f)),
        [0, 0, 0, 0, true, 0, 0],
        text,
      );
    assert.equal(hedge('不大不小'), 0, 'two words of no polarity are no verdict');
    assert.equal(hedge('neither cheap nor fast'), 0);
    assert.deepEqual(
      lexiconFeatures('很好，不坏', middling),
      lexiconFeatures('很好，不坏'),
      'no middling verdict, same row',
    );
  });

  it('leaves a negated middling verdict to the count, and reads 差不多 as one only where it ends a clause', () => {
    const hedge = (text: string) => lexiconFeatures(text, { middlingVerdicts: true })[4] as number;
    for (const text of ['the fit is not acceptable', "the colour isn't alright", 'never passable', '并非差不多'])
      assert.equal(hedge(text), 0, text);
    assert.ok(hedge('the fit is acceptable, not great') > 0, 'a negator after the verdict');
    assert.ok(hedge('not great. the fit is passable') > 0, 'a negator in the clause before');
    assert.ok(hedge('不大不小，不好不坏') > 0, 'the 不 of an earlier clause');
    for (const text of ['做工跟别家差不多', '差不多吧，先用着', '大小差不多。']) assert.ok(hedge(text) > 0, text);
    assert.equal(hedge('差不多一个月就坏了'), 0, '差不多 as "almost"');
    assert.ok((lexiconFeatures('差不多一个月就坏了', { middlingVerdicts: true })[1] as number) > 0, '坏 still counts');
  });
});
