import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import ort from 'onnxruntime-node';
import { buildBertOnnxModel } from '../src/encoder/bert-onnx-builder.js';
import { randomBertWeights } from '../src/encoder/bert-weights.js';
import { EncoderError } from '@demand/onnx-encoder';
import { referenceBertForward } from './support/bert-reference.js';
import { TINY_ARCHITECTURE, int64Tensor, maxAbsDifference } from './support/tiny-bert.js';

const weights = randomBertWeights(TINY_ARCHITECTURE, 7);
const sessionPromise = ort.InferenceSession.create(buildBertOnnxModel(weights), { executionProviders: ['cpu'] });

async function run(ids: number[][], mask: number[][], types: number[][]): Promise<ort.Tensor> {
  const session = await sessionPromise;
  const outputs = await session.run({
    input_ids: int64Tensor(ids),
    attention_mask: int64Tensor(mask),
    token_type_ids: int64Tensor(types),
  });
  return outputs['last_hidden_state'] as ort.Tensor;
}

describe('buildBertOnnxModel', () => {
  it('declares the BERT interface with dynamic batch and sequence axes', async () => {
    const session = await sessionPromise;
    assert.deepEqual(session.inputNames, ['input_ids', 'attention_mask', 'token_type_ids']);
    assert.deepEqual(session.outputNames, ['last_hidden_state']);
  });

  it('matches the TypeScript reference forward pass within 1e-4 on a padded batch', async () => {
    const ids = [
      [2, 11, 12, 13, 14, 15, 3],
      [2, 40, 41, 3, 0, 0, 0],
      [2, 59, 3, 0, 0, 0, 0],
    ];
    const mask = ids.map((row, b) => row.map((_, s) => (b === 0 || s < (b === 1 ? 4 : 3) ? 1 : 0)));
    const types = [
      [0, 0, 0, 0, 1, 1, 1],
      [0, 0, 0, 0, 0, 0, 0],
      [0, 1, 1, 0, 0, 0, 0],
    ];
    const output = await run(ids, mask, types);
    assert.deepEqual([...output.dims], [3, 7, 16]);
    const expected = referenceBertForward(weights, ids, mask, types);
    const difference = maxAbsDifference(output.data as Float32Array, expected);
    assert.ok(difference < 1e-4, `max difference ${difference}`);
    assert.ok(
      maxAbsDifference(expected, new Float64Array(expected.length)) > 0.5,
      'the outputs are not trivially zero',
    );
  });

  it('gives unpadded tokens the same states whatever padding follows', async () => {
    const alone = await run([[2, 20, 21, 3]], [[1, 1, 1, 1]], [[0, 0, 0, 0]]);
    const padded = await run(
      [[2, 20, 21, 3, 9, 9, 9, 9, 9, 9]],
      [[1, 1, 1, 1, 0, 0, 0, 0, 0, 0]],
      [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0]],
    );
    const firstFour = (padded.data as Float32Array).slice(0, 4 * 16);
    assert.ok(maxAbsDifference(alone.data as Float32Array, firstFour) < 1e-5);
  });

  it('uses the token type and position embeddings', async () => {
    const base = await run([[2, 20, 3]], [[1, 1, 1]], [[0, 0, 0]]);
    const typed = await run([[2, 20, 3]], [[1, 1, 1]], [[0, 1, 0]]);
    const swapped = await run([[2, 3, 20]], [[1, 1, 1]], [[0, 0, 0]]);
    assert.ok(maxAbsDifference(base.data as Float32Array, typed.data as Float32Array) > 1e-3);
    assert.ok(
      maxAbsDifference((base.data as Float32Array).slice(16, 32), (swapped.data as Float32Array).slice(32, 48)) > 1e-3,
    );
  });

  it('refuses weights that do not fit the architecture, naming each tensor', () => {
    const broken = randomBertWeights(TINY_ARCHITECTURE, 1);
    broken.wordEmbeddings = new Float32Array(3);
    (broken.layers[1] as (typeof broken.layers)[number]).query.bias = new Float32Array(2);
    assert.throws(
      () => buildBertOnnxModel(broken),
      (error: unknown) =>
        error instanceof EncoderError &&
        error.code === 'INVALID_WEIGHTS' &&
        /wordEmbeddings/.test(error.message) &&
        /layers\[1\]\.query\.bias/.test(error.message),
    );
  });
});
