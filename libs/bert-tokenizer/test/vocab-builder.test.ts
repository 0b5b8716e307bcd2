import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { Tokenizer } from '@huggingface/tokenizers';
import {
  BERT_SPECIAL_TOKENS,
  BertTokenizer,
  TokenizerError,
  buildWordPieceVocab,
  writeTokenizerJson,
} from '../src/index.js';

const CORPUS = [
  '这个手机很好用，电池续航也不错。',
  '物流太慢了，客服态度很好。',
  '价格便宜，质量一般，不推荐购买。',
  'The battery life is great, shipping was fast.',
  'Battery drains fast; the phone gets hot while charging.',
  'Great phone, great price, great battery!',
  'Returned it: the charger was broken.',
  'Café-quality coffee maker, très bien 👍',
];

describe('buildWordPieceVocab', () => {
  const vocab = buildWordPieceVocab(CORPUS, 300);

  it('starts with the special tokens and has no duplicates', () => {
    assert.deepEqual(vocab.slice(0, 5), [...BERT_SPECIAL_TOKENS]);
    assert.equal(new Set(vocab).size, vocab.length);
    assert.ok(vocab.length <= 300);
    assert.equal(
      buildWordPieceVocab(CORPUS, 200, { minFrequency: 1 }).length,
      200,
      'fills the budget when rare pieces count',
    );
  });

  it('holds every Chinese character seen and the frequent English words whole', () => {
    for (const char of '这个手机很好用电池续航也不错物流太慢了客服态度价格便宜质量一般推荐购买')
      assert.ok(vocab.includes(char), char);
    for (const word of ['battery', 'great', 'the', 'fast']) assert.ok(vocab.includes(word), word);
    assert.ok(vocab.includes('##y') && vocab.includes('b'), 'single characters both word-initial and as continuations');
  });

  it('encodes every text it was built from without [UNK]', () => {
    const tokenizer = BertTokenizer.fromTokenizerJson(writeTokenizerJson(vocab));
    for (const text of CORPUS) assert.ok(!tokenizer.encode(text).ids.includes(1), text);
    assert.deepEqual(tokenizer.tokenize('Great battery'), ['great', 'battery']);
  });

  it('grows past the requested size rather than drop a seen character', () => {
    const small = buildWordPieceVocab(CORPUS, 10);
    assert.ok(small.length > 10);
    assert.ok(small.includes('续'));
    assert.ok(!small.includes('battery'), 'no whole words when the budget is spent on characters');
  });
});

describe('buildWordPieceVocab wholeWords', () => {
  it('takes a listed word whole though the corpus never holds it, after the characters', () => {
    const plain = buildWordPieceVocab(['shop shop shop', 'superb'], 40);
    const listed = buildWordPieceVocab(['shop shop shop', 'superb'], 40, { wholeWords: ['superb'] });
    assert.ok(!plain.includes('superb'), 'seen once: no token of its own');
    assert.ok(listed.includes('superb'));
    assert.ok(listed.indexOf('superb') > listed.indexOf('##b'), 'characters first');
    const tokenizer = BertTokenizer.fromTokenizerJson(writeTokenizerJson(listed));
    assert.deepEqual(tokenizer.tokenize('superb'), ['superb']);
  });

  it('normalises a listed word like the corpus and leaves out one that is not a single pre-token', () => {
    const listed = buildWordPieceVocab(['shop shop shop'], 60, { wholeWords: ['Superb', 'e-mail', 'two words'] });
    assert.ok(listed.includes('superb') && !listed.includes('Superb'), 'lower-cased as the tokenizer does');
    for (const token of ['e-mail', 'two words']) assert.ok(!listed.includes(token), token);
  });

  it('keeps listed words within the size', () => {
    const characters = buildWordPieceVocab(['shop'], 1).length;
    const listed = buildWordPieceVocab(['shop'], characters + 2, { wholeWords: ['superb', 'umbrella', 'shoddy'] });
    assert.equal(listed.length, characters + 2);
    assert.deepEqual(listed.slice(characters), ['superb', 'umbrella']);
  });
});

describe('writeTokenizerJson', () => {
  const vocab = buildWordPieceVocab(CORPUS, 200);

  it('writes a tokenizer.json that @huggingface/tokenizers loads and agrees with', () => {
    const text = writeTokenizerJson(vocab, { maxLength: 128 });
    const json = JSON.parse(text) as { truncation: { max_length: number }; model: { vocab: Record<string, number> } };
    assert.equal(json.truncation.max_length, 128);
    assert.equal(Object.keys(json.model.vocab).length, vocab.length);
    const reference = new Tokenizer(json, {});
    const ours = BertTokenizer.fromTokenizerJson(json);
    for (const sample of [...CORPUS, '没见过的字', 'unknown words here']) {
      assert.deepEqual(ours.encode(sample).ids, reference.encode(sample).ids, sample);
    }
    assert.equal(reference.token_to_id('[CLS]'), vocab.indexOf('[CLS]'));
  });

  it('refuses a vocab without the special tokens or with duplicates', () => {
    assert.throws(
      () => writeTokenizerJson(['a', 'b']),
      (error: unknown) => error instanceof TokenizerError && error.code === 'INVALID_VOCAB',
    );
    assert.throws(
      () => writeTokenizerJson([...BERT_SPECIAL_TOKENS, 'a', 'a']),
      (error: unknown) => error instanceof TokenizerError && /twice/.test(error.message),
    );
  });
});
