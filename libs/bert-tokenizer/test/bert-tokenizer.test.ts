import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from '@jest/globals';
import { BertTokenizer, TokenizerError } from '../src/index.js';
import { fixtureTokenizerJson } from './support/fixture-tokenizer.js';

const tokenizer = BertTokenizer.fromTokenizerJson(fixtureTokenizerJson());
const idsOf = (text: string, maxLength?: number) => tokenizer.encode(text, maxLength).ids;

describe('BertTokenizer on a hand-checked vocab', () => {
  it('splits Chinese per character and wraps the text in [CLS] … [SEP]', () => {
    assert.deepEqual(idsOf('我们喜欢这个手机'), [2, 5, 6, 7, 8, 9, 10, 11, 12, 3]);
    assert.deepEqual(idsOf('这个手机很好用，价格便宜。'), [2, 9, 10, 11, 12, 13, 14, 15, 16, 44, 45, 46, 47, 17, 3]);
  });

  it('lowercases, isolates punctuation and uses ## continuations', () => {
    assert.deepEqual(idsOf('The phone is GREAT.'), [2, 22, 23, 24, 25, 21, 3]);
    assert.deepEqual(idsOf('Unbelievable!'), [2, 26, 27, 28, 18, 3]);
    assert.deepEqual(idsOf('playing phones'), [2, 29, 30, 23, 36, 3]);
    assert.deepEqual(tokenizer.tokenize('Unbelievable playing'), ['un', '##believ', '##able', 'play', '##ing']);
  });

  it('strips accents before lowercasing', () => {
    assert.deepEqual(idsOf('Café NAÏVE'), [2, 31, 54, 3]);
  });

  it('maps words it cannot piece together, emoji and over-long words to [UNK]', () => {
    assert.deepEqual(idsOf('I love it 😀'), [2, 32, 33, 34, 1, 3]);
    assert.deepEqual(idsOf('我们！'), [2, 5, 6, 87, 3]);
    assert.deepEqual(idsOf('我们！?'), [2, 5, 6, 87, 19, 3]);
    assert.deepEqual(idsOf('zebra'), [2, 1, 3]);
    assert.deepEqual(idsOf(`i${'y'.repeat(100)}`), [2, 1, 3]);
    assert.deepEqual(idsOf(`x${'y'.repeat(98)}`).length, 2 + 99);
  });

  it('removes control characters and turns odd whitespace into separators', () => {
    assert.deepEqual(idsOf('the\u0000phone'), [2, 1, 3]);
    assert.deepEqual(idsOf('the\u200bphone'), [2, 1, 3]);
    assert.deepEqual(idsOf('the\u3000phone\tis\u00a0great\r\n'), [2, 22, 23, 24, 25, 3]);
    assert.deepEqual(idsOf('\ufffd\u0007'), [2, 3]);
  });

  it('keeps digits and ASCII symbols as the Rust pre-tokenizer does', () => {
    assert.deepEqual(idsOf('$15 (2024)'), [2, 39, 40, 41, 85, 80, 81, 82, 83, 86, 3]);
    assert.deepEqual(idsOf("it's a-b"), [2, 34, 49, 50, 37, 48, 53, 3]);
  });

  it('matches special tokens written in the raw text, case-sensitively', () => {
    assert.deepEqual(idsOf('i love [MASK] phone'), [2, 32, 33, 4, 23, 3]);
    assert.deepEqual(idsOf('i[SEP]it'), [2, 32, 3, 34, 3]);
    assert.deepEqual(idsOf('[mask]'), [2, 1, 1, 1, 3]);
  });

  it('follows the Rust crate where tokenizers.js differs: astral CJK and a final capital sigma', () => {
    assert.deepEqual(idsOf('a𠀀b'), [2, 37, 52, 53, 3]);
    assert.deepEqual(idsOf('ΟΔΟΣ'), [2, 51, 3]);
  });

  it('gives type ids 0 and a full attention mask', () => {
    const encoding = tokenizer.encode('我们 love it');
    assert.deepEqual(encoding.typeIds, [0, 0, 0, 0, 0, 0]);
    assert.deepEqual(encoding.attentionMask, [1, 1, 1, 1, 1, 1]);
  });
});

describe('truncation', () => {
  it('keeps the first tokens and still ends with [SEP]', () => {
    assert.deepEqual(idsOf('我们喜欢这个手机', 5), [2, 5, 6, 7, 3]);
    assert.deepEqual(idsOf('我们喜欢这个手机', 2), [2, 3]);
    assert.equal(tokenizer.countTokens('我们喜欢这个手机', 5), 5);
    assert.equal(tokenizer.countTokens('我们喜欢这个手机'), 10);
  });

  it('uses truncation.max_length and direction from tokenizer.json', () => {
    const left = BertTokenizer.fromTokenizerJson(
      fixtureTokenizerJson({ truncation: { direction: 'Left', max_length: 5, strategy: 'LongestFirst', stride: 0 } }),
    );
    assert.equal(left.defaultMaxLength, 5);
    assert.deepEqual(left.encode('我们喜欢这个手机').ids, [2, 10, 11, 12, 3]);
    assert.deepEqual(left.encode('我们喜欢这个手机', 512).ids.length, 10);
  });

  it('refuses a maxLength that cannot hold [CLS] and [SEP]', () => {
    assert.throws(
      () => tokenizer.encode('hi', 1),
      (error: unknown) => error instanceof TokenizerError && error.code === 'MAX_LENGTH_TOO_SHORT',
    );
  });
});

describe('loading', () => {
  it('reads a tokenizer.json file and exposes vocab facts', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bert-tokenizer-'));
    try {
      const path = join(dir, 'tokenizer.json');
      await writeFile(path, JSON.stringify(fixtureTokenizerJson()));
      const loaded = await BertTokenizer.fromFile(path);
      assert.deepEqual(loaded.encode('我们').ids, [2, 5, 6, 3]);
      assert.equal(loaded.vocabSize, 95);
      assert.equal(loaded.padId, 0);
      assert.equal(loaded.specialTokenCount, 2);
      assert.equal(loaded.tokenToId('[SEP]'), 3);
      assert.equal(loaded.idToToken(23), 'phone');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('accepts JSON text and BertProcessing post-processors', () => {
    const json = fixtureTokenizerJson({
      post_processor: { type: 'BertProcessing', sep: ['[SEP]', 3], cls: ['[CLS]', 2] },
    });
    assert.deepEqual(BertTokenizer.fromTokenizerJson(JSON.stringify(json)).encode('手机').ids, [2, 11, 12, 3]);
  });

  it('names every unsupported component at once', () => {
    const json = fixtureTokenizerJson({ normalizer: { type: 'NFKC' }, pre_tokenizer: { type: 'ByteLevel' } });
    assert.throws(
      () => BertTokenizer.fromTokenizerJson(json),
      (error: unknown) =>
        error instanceof TokenizerError &&
        error.code === 'UNSUPPORTED_COMPONENT' &&
        /NFKC/.test(error.message) &&
        /ByteLevel/.test(error.message),
    );
    assert.throws(
      () => BertTokenizer.fromTokenizerJson('{not json'),
      (error: unknown) => error instanceof TokenizerError && error.code === 'INVALID_TOKENIZER_JSON',
    );
  });

  it('honours lstrip/rstrip/single_word on added tokens', () => {
    const json = fixtureTokenizerJson();
    const added = json['added_tokens'] as Record<string, unknown>[];
    added[4] = { ...added[4], lstrip: true, rstrip: true };
    added.push({
      id: 93,
      content: '##y',
      single_word: true,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    });
    const custom = BertTokenizer.fromTokenizerJson(json);
    assert.deepEqual(custom.tokenize('love  [MASK]  it'), ['love', '[MASK]', 'it']);
    assert.deepEqual(custom.encode('x ##y').ids, [2, 92, 93, 3]);
    assert.deepEqual(custom.encode('x##y').ids, [2, 92, 1, 1, 1, 3]);
  });
});
