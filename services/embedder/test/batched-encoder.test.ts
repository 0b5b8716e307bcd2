import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { withDynamicBatching } from '@demand/onnx-encoder';
import { OnnxTextEncoder } from '@demand/onnx-encoder';
import { SHOP_TEXTS, maxDifference, recordingLogger, writeTinyModelDirectory } from './support/tiny-model-directory.js';

let root: string;
let encoder: OnnxTextEncoder;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'embedder-batched-'));
  await writeTinyModelDirectory(root, { pooling: 'mean', maxLength: 32, normalize: true });
  encoder = await OnnxTextEncoder.load(root, { logger: recordingLogger() });
});

afterAll(async () => {
  await encoder.close();
  await rm(root, { recursive: true, force: true });
});

describe('dynamic batching on the tiny BERT', () => {
  it('gives concurrent callers the same vectors as encoding one text at a time', async () => {
    const single: Float32Array[] = [];
    for (const text of SHOP_TEXTS) single.push((await encoder.encode([text]))[0] as Float32Array);

    const calls: number[] = [];
    const batched = withDynamicBatching(
      {
        dimensions: encoder.dimensions,
        countTokens: (text) => encoder.countTokens(text),
        encode: (texts) => (calls.push(texts.length), encoder.encode(texts)),
      },
      { maxBatchSize: 5, maxWaitMs: 10, maxQueuedTexts: 100 },
    );
    const callers = [SHOP_TEXTS.slice(0, 3), SHOP_TEXTS.slice(3, 4), SHOP_TEXTS.slice(4, 9), SHOP_TEXTS.slice(9)];
    const results = await Promise.all(callers.map((texts) => batched.encode(texts)));
    assert.equal(batched.dimensions, 32);
    assert.ok(maxDifference(results.flat(), single) < 1e-5, `difference ${maxDifference(results.flat(), single)}`);
    assert.ok(calls.length < callers.length, `${calls.length} model calls for ${callers.length} callers`);
    assert.ok(calls.every((size) => size <= 5));
    await batched.close();
  });
});
