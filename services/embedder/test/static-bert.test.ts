import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { BERT_SPECIAL_TOKENS, BertTokenizer, writeTokenizerJson } from '@demand/bert-tokenizer';
import { SeededRandom } from '@demand/ml';
import { buildBertOnnxModel } from '../src/encoder/bert-onnx-builder.js';
import { OnnxTextEncoder } from '@demand/onnx-encoder';
import { staticBertWeights } from '../src/training/static-bert-weights.js';
import { pooledStaticVector, type StaticTokenVectors } from '../src/training/static-token-vectors.js';
import { recordingLogger } from './support/tiny-model-directory.js';

const VOCAB = [...BERT_SPECIAL_TOKENS, '连', '衣', '裙', '手', '机', 'dress', 'phone', 'red', '##s', '红'];
const CONTENT = 13; // hidden 16 = 13 + 3

function table(seed: number): StaticTokenVectors {
  const random = new SeededRandom(seed);
  const vectors = new Float32Array(VOCAB.length * CONTENT);
  const weights = new Float32Array(VOCAB.length);
  VOCAB.forEach((token, id) => {
    if (BERT_SPECIAL_TOKENS.includes(token as never)) return;
    const row = Array.from({ length: CONTENT }, () => random.normal());
    const length = Math.hypot(...row);
    row.forEach((value, k) => (vectors[id * CONTENT + k] = value / length));
    weights[id] = 1 + 4 * random.next();
  });
  return {
    vocabSize: VOCAB.length,
    dimensions: CONTENT,
    vectors,
    weights,
    report: { documents: 0, tokens: 0, cooccurrencePairs: 0, ppmiPairs: 0 },
  };
}

async function exported(t: StaticTokenVectors): Promise<{ encoder: OnnxTextEncoder; tokenizer: BertTokenizer }> {
  const tokenizerJson = writeTokenizerJson(VOCAB);
  const model = buildBertOnnxModel(staticBertWeights(t, { maxPositions: 64, numHeads: 4 }));
  const encoder = await OnnxTextEncoder.fromFiles(
    {
      model,
      tokenizerJson: JSON.parse(tokenizerJson) as unknown,
      config: { pooling: 'mean', maxLength: 32, normalize: true },
    },
    { logger: recordingLogger() },
  );
  return { encoder, tokenizer: BertTokenizer.fromTokenizerJson(tokenizerJson) };
}

const TEXTS = ['红连衣裙', 'red dress', '手机 phones', '连衣裙 连衣裙 dress', '红', 'phone 手机 机'];

describe('static token vectors in a BERT graph', () => {
  it('the ONNX model computes normalize(Σ weight·vector) over the tokens, specials and padding contributing nothing', async () => {
    const t = table(5);
    const { encoder, tokenizer } = await exported(t);
    try {
      assert.equal(encoder.dimensions, 16);
      const batch = await encoder.encode(TEXTS);
      TEXTS.forEach((text, i) => {
        const expected = pooledStaticVector(
          t,
          tokenizer.tokenize(text).map((token) => tokenizer.tokenToId(token) as number),
        );
        const actual = batch[i] as Float32Array;
        const content = actual.slice(0, 14);
        assert.deepEqual([...actual.slice(14)], [0, 0], 'the two ballast dimensions are dropped');
        assert.ok(Math.abs(content.reduce((sum, v) => sum + v, 0)) < 1e-5, 'content lives in the zero-sum subspace');
        // Inner products are what the reflection keeps: compare the Gram matrices.
        TEXTS.forEach((other, j) => {
          const expectedOther = pooledStaticVector(
            t,
            tokenizer.tokenize(other).map((token) => tokenizer.tokenToId(token) as number),
          );
          const dotExpected = expected.reduce((sum, v, k) => sum + v * (expectedOther[k] as number), 0);
          const dotActual = actual.reduce((sum, v, k) => sum + v * ((batch[j] as Float32Array)[k] as number), 0);
          assert.ok(Math.abs(dotExpected - dotActual) < 1e-4, `${text} · ${other}: ${dotActual} vs ${dotExpected}`);
        });
      });
    } finally {
      await encoder.close();
    }
  });

  it('token weights count: raising one token’s weight pulls the text’s vector towards it', async () => {
    const base = table(9);
    const heavier = table(9);
    const dressId = VOCAB.indexOf('dress');
    heavier.weights[dressId] = (heavier.weights[dressId] as number) * 8;
    const similarityToDress = async (t: StaticTokenVectors): Promise<number> => {
      const { encoder } = await exported(t);
      try {
        const [text, dress] = await encoder.encode(['红 red dress', 'dress']);
        return (text as Float32Array).reduce((sum, v, k) => sum + v * ((dress as Float32Array)[k] as number), 0);
      } finally {
        await encoder.close();
      }
    };
    const before = await similarityToDress(base);
    const after = await similarityToDress(heavier);
    assert.ok(after > before + 0.1, `${before} → ${after}`);
  });

  it('a text of unknown or special tokens only gives the zero vector', async () => {
    const { encoder } = await exported(table(2));
    try {
      const [vector] = await encoder.encode(['[MASK] ☃']);
      assert.ok([...(vector as Float32Array)].every((v) => v === 0));
    } finally {
      await encoder.close();
    }
  });
});
