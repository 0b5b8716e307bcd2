import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { BertTokenizer } from '@demand/bert-tokenizer';
import { OnnxTextEncoder } from '@demand/onnx-encoder';
import { glossTranslations, glossVocabulary } from '../src/training/gloss-translations.js';
import { domainEncoderOptions, trainDomainEncoder } from '../src/training/train-domain-encoder.js';
import { smallCorpus, dot } from './support/small-shop.js';
import { recordingLogger } from './support/tiny-model-directory.js';
import { type StaticTokenVectors, trainStaticTokenVectors } from '../src/training/static-token-vectors.js';
import type { TokenDocument } from '../src/training/cooccurrence.js';

describe('CC-CEDICT glosses for English words the shop never wrote', () => {
  it('lists general English words whole and translates one into the Chinese words of characters the shop wrote', () => {
    const words = glossVocabulary(5);
    assert.ok(words.includes('umbrella') && words.includes('shoddy'), 'words of five or more entries');
    const ids = new Map([...'雨伞'].map((char, i) => [char, i + 1]));
    const translations = glossTranslations(
      new Set('雨伞'),
      (word) => (word === 'umbrella' ? 9 : undefined),
      (headword) => [...headword].map((char) => ids.get(char) ?? 0),
    );
    assert.deepEqual(translations.get(9), [[1, 2]], '雨伞 alone: the only umbrella word of those characters');
    assert.equal(translations.size, 1, 'only words the tokenizer holds whole');
  });

  it('leaves out placeholders, function words, words of more than 200 entries and names', () => {
    const words = new Set(glossVocabulary(5));
    for (const word of ['sb', 'sth', 'to', 'of', 'the', 'county', 'city', 'district', 'prefecture'])
      assert.ok(!words.has(word), word);
    for (const name of ['beijing', 'shanghai', 'tokyo'])
      assert.ok(!words.has(name), `${name}: capitalised in each gloss`);
  });

  // Texts pair tokens 1–2, 3–4 and 5–6; token 7 no text used.
  const documents = Array.from(
    { length: 9 },
    (_, i): TokenDocument => ({ ids: [1 + 2 * (i % 3), 2 + 2 * (i % 3)], context: 'whole' }),
  );
  const options = { dimensions: 8, semanticDimensions: 4, lexicalShare: 0.5, window: 2, documentWeight: 8, seed: 3 };
  const semantic = (table: StaticTokenVectors, id: number) => [...table.vectors.subarray(id * 8 + 4, id * 8 + 8)];

  it('gives a token no document used the mean meaning of its translations, the others unchanged', () => {
    const plain = trainStaticTokenVectors(documents, 8, [0], options);
    const folded = trainStaticTokenVectors(documents, 8, [0], {
      ...options,
      translations: new Map([
        [7, [[1, 2]]],
        [3, [[5]]],
      ]),
    });
    const unit = (xs: number[]) => xs.map((x) => x / Math.hypot(...xs));
    assert.deepEqual(semantic(plain, 7), [0, 0, 0, 0], 'no meaning of its own');
    const mean = unit(unit(semantic(plain, 1)).map((x, k) => x + (unit(semantic(plain, 2))[k] as number)));
    unit(semantic(folded, 7)).forEach((x, k) =>
      assert.ok(Math.abs(x - (mean[k] as number)) < 1e-6, 'the mean of 1 and 2'),
    );
    assert.deepEqual(semantic(folded, 3), semantic(plain, 3), 'a token some document used keeps its own');
    for (const id of [1, 2, 4, 5, 6]) assert.deepEqual(semantic(folded, id), semantic(plain, id));
  });

  it('keeps the meaning a dictionary context gave a token no document used', () => {
    const contextOnly = [{ ids: [1, 7], context: 'whole' as const }];
    const learned = trainStaticTokenVectors(documents, 8, [0], { ...options, contextOnly });
    const folded = trainStaticTokenVectors(documents, 8, [0], {
      ...options,
      contextOnly,
      translations: new Map([[7, [[5]]]]),
    });
    assert.notDeepEqual(semantic(learned, 7), [0, 0, 0, 0], 'a meaning from its context');
    assert.deepEqual(semantic(folded, 7), semantic(learned, 7), 'not replaced by 5’s');
  });
});

describe('the domain encoder with CC-CEDICT glosses', () => {
  // Black and red things, never the English words: "black" and "red" gloss 185 and 190 entries.
  const corpus = {
    ...smallCorpus(),
    items: ['黑色 外套', '红色 外套', '黑色 鞋子', '红色 鞋子'].flatMap((text) => [text, text]),
    reviews: [],
    queries: [],
    dialogTurns: [{ text: '黑色 的 好看' }, { text: '红色 的 好看' }],
  };
  // Room past the common vocabulary's ~3,000 characters, which come first: listed words fit in the size. No
  // dictionary contexts: they would give "black" a meaning (黑色's entry) without the fold-in.
  const TINY = { vocabSize: 5000, semanticDimensions: 16, hiddenSize: 64, glossVocabulary: 180, dictionary: false };
  const vectors = async (options: object, texts: string[]) => {
    const { files } = trainDomainEncoder(corpus, { ...TINY, ...options });
    const encoder = await OnnxTextEncoder.fromFiles(files, { logger: recordingLogger() });
    try {
      return { tokenizer: BertTokenizer.fromTokenizerJson(files.tokenizerText), vectors: await encoder.encode(texts) };
    } finally {
      await encoder.close();
    }
  };

  it('holds the listed words whole and gives one no text used a meaning only with glossFoldIn', async () => {
    const plain = await vectors({ glossVocabulary: 0 }, []);
    const added = glossVocabulary(180).filter((word) => plain.tokenizer.tokenize(word).length > 1);
    assert.ok(added.length > 0, 'some listed words are not in the common vocabulary');
    const listed = await vectors({}, ['black', '黑色']);
    for (const word of added) assert.deepEqual(listed.tokenizer.tokenize(word), [word]);
    const folded = await vectors({ glossFoldIn: true }, ['black', '黑色']);
    const [black, heise] = listed.vectors as [Float32Array, Float32Array];
    const [foldedBlack, foldedHeise] = folded.vectors as [Float32Array, Float32Array];
    assert.ok(
      dot(foldedBlack, foldedHeise) > dot(black, heise) + 0.2,
      `"black" near 黑色 only folded in: ${dot(black, heise)} → ${dot(foldedBlack, foldedHeise)}`,
    );
  });

  it('refuses a gloss vocabulary without the common vocabulary, and an option it does not have', () => {
    assert.throws(() => trainDomainEncoder(corpus, { ...TINY, commonVocabulary: false }), RangeError);
    assert.throws(() => domainEncoderOptions({ glosVocabulary: 5 } as object), /glosVocabulary/);
  });
});
