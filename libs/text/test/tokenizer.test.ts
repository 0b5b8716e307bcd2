import assert from 'node:assert/strict';
import { beforeAll, describe, it } from '@jest/globals';
import { catalogUserWords, createTokenizer, DEFAULT_STOPWORDS, type Tokenizer } from '../src/index.js';
import { catalog } from './fixtures.js';

// Building a tokenizer loads jieba's dictionary (≈250 ms): one plain, one with user words.
let plain: Tokenizer;
let withCatalog: Tokenizer;

beforeAll(() => {
  plain = createTokenizer();
  withCatalog = createTokenizer({ userWords: [...catalogUserWords(catalog), '小棕瓶'] });
});

describe('tokenize: Chinese with jieba', () => {
  it('segments a review into words and drops punctuation and stopwords', () => {
    assert.deepEqual(plain.tokenize('这个手机的电池续航真的很棒，屏幕也清楚！'), [
      '手机',
      '电池',
      '续航',
      '很棒',
      '屏幕',
      '清楚',
    ]);
  });

  it('splits an unknown brand without a user dictionary', () => {
    assert.ok(!plain.tokenize('花西子散粉很好用').includes('花西子'));
  });

  it('keeps catalog brands as one token with the user dictionary', () => {
    assert.deepEqual(withCatalog.tokenize('花西子散粉很好用'), ['花西子', '散粉', '好', '用']);
    assert.deepEqual(withCatalog.tokenize('完美日记口红和三只松鼠坚果'), ['完美日记', '口红', '三只松鼠', '坚果']);
    assert.ok(withCatalog.tokenize('雅诗兰黛小棕瓶精华液').includes('小棕瓶'));
  });

  it('still lets jieba prefer a longer ordinary word over a short brand', () => {
    assert.deepEqual(withCatalog.tokenize('小米粥很好喝'), ['小米粥', '好喝']);
  });

  it('keeps negations, which matter for demand and sentiment', () => {
    const tokens = plain.tokenize('不好用，没有说明书，不推荐');
    assert.ok(tokens.includes('不'));
    assert.ok(tokens.includes('没有'));
  });
});

describe('tokenize: English and mixed text', () => {
  it('lower-cases and splits on non-letters, keeping numbers with units', () => {
    assert.deepEqual(
      plain.tokenize("The iPhone15 Pro has 128GB, it's $1,299 and the 500ml bottle is 3.5k? Wi-Fi 1080p"),
      ['iphone', '15', 'pro', '128gb', '1299', '500ml', 'bottle', '3.5k', 'wi', 'fi', '1080p'],
    );
  });

  it("keeps contractions that carry negation and drops possessive 's", () => {
    assert.deepEqual(plain.tokenize("Don't buy, Xiaomi's charger isn't good"), [
      "don't",
      'buy',
      'xiaomi',
      'charger',
      "isn't",
      'good',
    ]);
  });

  it('keeps multi-word and mixed-script catalog words whole', () => {
    assert.deepEqual(withCatalog.tokenize('送了Space Gray的phone case和sk-ii'), [
      '送',
      'space gray',
      'phone case',
      'sk-ii',
    ]);
    assert.deepEqual(withCatalog.tokenize('42码的running shoes'), ['42码', 'running shoes']);
  });

  it('does not match a catalog word inside a longer Latin word', () => {
    assert.deepEqual(withCatalog.tokenize('pineapple phone cases'), ['pineapple', 'phone', 'cases']);
  });

  it('handles Chinese and English in one text, in order', () => {
    assert.deepEqual(plain.tokenize('华为Mate60手机128GB内存'), ['华为', 'mate', '60', '手机', '128gb', '内存']);
  });
});

describe('tokenize: placeholders, stopwords and odd input', () => {
  it('never turns PII placeholders into words', () => {
    assert.deepEqual(plain.tokenize('[PHONE] 请联系我 [EMAIL] phone'), ['请', '联系', 'phone']);
  });

  it('uses a custom stopword set instead of the bundled one', () => {
    const tokenizer = createTokenizer({ stopwords: new Set(['手机']) });
    assert.deepEqual(tokenizer.tokenize('这个手机很好'), ['这个', '很', '好']);
  });

  it('bundles Chinese and English stopwords but no negations', () => {
    for (const word of ['的', '了', 'the', 'and']) assert.ok(DEFAULT_STOPWORDS.has(word), word);
    for (const word of ['不', '没有', 'not', 'no', "don't", 'never']) assert.ok(!DEFAULT_STOPWORDS.has(word), word);
  });

  it('returns no tokens for empty, punctuation-only and emoji-only text', () => {
    for (const text of ['', '   ', '，。！？', '!!! ...', '👍👍😂']) assert.deepEqual(plain.tokenize(text), [], text);
  });

  it('treats SQL and JSON as plain words', () => {
    assert.deepEqual(plain.tokenize("'; DROP TABLE users; --"), ['drop', 'table', 'users']);
    assert.deepEqual(plain.tokenize('{"review":"质量好","score":5}'), ['review', '质量', '好', 'score', '5']);
  });
});
