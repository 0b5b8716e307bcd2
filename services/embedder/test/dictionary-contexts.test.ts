import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { dictionaryContexts } from '../src/training/dictionary-contexts.js';
import { trainStaticTokenVectors } from '../src/training/static-token-vectors.js';
import type { TokenDocument } from '../src/training/cooccurrence.js';

describe('CC-CEDICT entries as the encoder’s bilingual contexts', () => {
  it('writes each dictionary word the texts contain beside its English gloss words', () => {
    // 中游: "the middle stretches of a river/middle level/middle echelon/midstream".
    const contexts = dictionaryContexts(['长江中游的天气', 'the middle reaches']);
    const midstream = contexts.find((context) => context.startsWith('中游 '));
    assert.ok(midstream, 'an entry for 中游');
    const words = midstream.split(' ').slice(1);
    assert.ok(words.includes('midstream') && words.includes('river'), midstream);
    assert.ok(!words.includes('of') && !words.includes('the'), 'function words of a gloss are left out');
    assert.equal(new Set(words).size, words.length, 'each gloss word once ("middle" is in three glosses)');
    assert.ok(!contexts.some((context) => context.startsWith('雨伞 ')), 'a word the texts do not contain is left out');
  });

  it('reads no entry for texts without Chinese', () => {
    assert.deepEqual(dictionaryContexts(['the middle reaches', 'an umbrella']), []);
  });

  it('gives a word only a context-only document holds the meaning of its neighbours, IDF weights unchanged', () => {
    // Texts pair tokens 1–2, 3–4 and 6–7; token 5 (an English gloss word the shop never wrote)
    // occurs only in a dictionary context beside 1, so it shares 2's context.
    const pairs = [
      [1, 2],
      [3, 4],
      [6, 7],
    ];
    const documents = Array.from({ length: 9 }, (_, i): TokenDocument => ({ ids: pairs[i % 3]!, context: 'whole' }));
    const options = { dimensions: 8, semanticDimensions: 4, lexicalShare: 0.5, window: 2, documentWeight: 8, seed: 3 };
    const plain = trainStaticTokenVectors(documents, 8, [0], options);
    const bridged = trainStaticTokenVectors(documents, 8, [0], {
      ...options,
      contextOnly: [{ ids: [5, 1], context: 'whole' }],
    });
    const cosine = (table: typeof plain, a: number, b: number) => {
      let sum = 0;
      for (let k = 0; k < table.dimensions; k++)
        sum +=
          (table.vectors[a * table.dimensions + k] as number) * (table.vectors[b * table.dimensions + k] as number);
      return sum;
    };
    assert.ok(cosine(bridged, 5, 2) > cosine(plain, 5, 2) + 0.2, `${cosine(plain, 5, 2)} → ${cosine(bridged, 5, 2)}`);
    assert.ok(cosine(bridged, 5, 2) > cosine(bridged, 5, 4) + 0.2, 'nearer its neighbour’s partner than others');
    assert.deepEqual([...bridged.weights], [...plain.weights]);
  });
});
