import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { Tokenizer } from '@huggingface/tokenizers';
import { BertTokenizer, buildWordPieceVocab, writeTokenizerJson } from '../src/index.js';
import { fixtureTokenizerJson } from './support/fixture-tokenizer.js';
import { mixedStrings } from './support/mixed-strings.js';

const TEXTS = mixedStrings(400, 20261123);

function referenceIds(json: object, text: string): number[] {
  return new Tokenizer(json, {}).encode(text).ids;
}

/** What the Rust crate's truncation gives: keep the first tokens, then the template's [SEP]. */
function truncated(ids: number[], maxLength: number): number[] {
  if (ids.length <= maxLength) return ids;
  return [...ids.slice(0, maxLength - 1), ids[ids.length - 1] as number];
}

function compareOn(json: object, texts: readonly string[], maxLength?: number): string[] {
  const ours = BertTokenizer.fromTokenizerJson(json);
  const reference = new Tokenizer(json, {});
  const mismatches: string[] = [];
  for (const text of texts) {
    const expected =
      maxLength === undefined ? reference.encode(text).ids : truncated(reference.encode(text).ids, maxLength);
    const actual = ours.encode(text, maxLength).ids;
    if (JSON.stringify(actual) !== JSON.stringify(expected))
      mismatches.push(`${JSON.stringify(text)}: ours ${JSON.stringify(actual)} reference ${JSON.stringify(expected)}`);
  }
  return mismatches;
}

describe('parity with @huggingface/tokenizers on the same tokenizer.json', () => {
  it('the hand-written fixture gives the same ids for 400 mixed strings', () => {
    assert.deepEqual(compareOn(fixtureTokenizerJson(), TEXTS), []);
    assert.deepEqual(referenceIds(fixtureTokenizerJson(), '我们喜欢这个手机'), [2, 5, 6, 7, 8, 9, 10, 11, 12, 3]);
  });

  it('truncation at 8 and 32 tokens matches the reference output cut the Rust way', () => {
    assert.deepEqual(compareOn(fixtureTokenizerJson(), TEXTS, 8), []);
    assert.deepEqual(compareOn(fixtureTokenizerJson(), TEXTS, 32), []);
  });

  it('a vocab built from the texts themselves, written as tokenizer.json, gives the same ids', () => {
    const vocab = buildWordPieceVocab(TEXTS.slice(0, 200), 600);
    const json = JSON.parse(writeTokenizerJson(vocab)) as object;
    assert.deepEqual(compareOn(json, TEXTS), []);
    const cased = JSON.parse(writeTokenizerJson(vocab, { lowercase: false })) as object;
    assert.deepEqual(compareOn(cased, TEXTS), []);
  });

  it('a vocab without strip_accents on a lowercase model matches too', () => {
    const json = fixtureTokenizerJson({
      normalizer: {
        type: 'BertNormalizer',
        clean_text: true,
        handle_chinese_chars: true,
        strip_accents: false,
        lowercase: true,
      },
    });
    assert.deepEqual(compareOn(json, TEXTS), []);
  });
});
