import assert from 'node:assert/strict';
import { mkdtemp, rm, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { BertTokenizer } from '@demand/bert-tokenizer';
import { EncoderError } from '@demand/onnx-encoder';
import { OnnxTextEncoder } from '@demand/onnx-encoder';
import { referenceBertForward } from './support/bert-reference.js';
import {
  SHOP_TEXTS,
  maxDifference,
  recordingLogger,
  writeTinyModelDirectory,
  type TinyModel,
} from './support/tiny-model-directory.js';

let root: string;
let meanDir: string;
let clsDir: string;
let tiny: TinyModel;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'embedder-encoder-'));
  meanDir = join(root, 'mean');
  clsDir = join(root, 'cls');
  tiny = await writeTinyModelDirectory(meanDir, { pooling: 'mean', maxLength: 24, normalize: true });
  await writeTinyModelDirectory(clsDir, { pooling: 'cls', maxLength: 24, normalize: false });
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** What the encoder should output, computed by the TypeScript reference model. */
function expectedVector(text: string, pooling: 'mean' | 'cls', normalize: boolean): Float32Array {
  const encoding = BertTokenizer.fromTokenizerJson(tiny.tokenizerJson).encode(text, 24);
  const hidden = referenceBertForward(tiny.weights, [encoding.ids], [encoding.attentionMask], [encoding.typeIds]);
  const width = tiny.weights.architecture.hiddenSize;
  const tokens = encoding.ids.length;
  const vector = new Float32Array(width);
  for (let k = 0; k < width; k++) {
    vector[k] =
      pooling === 'cls'
        ? (hidden[k] ?? 0)
        : Array.from({ length: tokens }, (_, s) => hidden[s * width + k] ?? 0).reduce((a, b) => a + b, 0) / tokens;
  }
  const norm = Math.hypot(...vector);
  return normalize ? vector.map((value) => value / norm) : vector;
}

describe('OnnxTextEncoder on a tiny random BERT written to a model directory', () => {
  it('tokenizer → model → mean pooling → L2 matches the reference forward pass', async () => {
    const encoder = await OnnxTextEncoder.load(meanDir, { logger: recordingLogger() });
    try {
      assert.equal(encoder.dimensions, 32);
      assert.deepEqual(encoder.providers, ['cpu']);
      const vectors = await encoder.encode(SHOP_TEXTS);
      assert.equal(vectors.length, SHOP_TEXTS.length);
      const expected = SHOP_TEXTS.map((text) => expectedVector(text, 'mean', true));
      assert.ok(maxDifference(vectors, expected) < 1e-4, `difference ${maxDifference(vectors, expected)}`);
      for (const vector of vectors) assert.ok(Math.abs(Math.hypot(...vector) - 1) < 1e-5);
      assert.ok(
        maxDifference([vectors[0] as Float32Array], [vectors[1] as Float32Array]) > 1e-3,
        'different texts, different vectors',
      );
    } finally {
      await encoder.close();
    }
  });

  it('cls pooling without normalisation returns the raw [CLS] state', async () => {
    const encoder = await OnnxTextEncoder.load(clsDir, { logger: recordingLogger() });
    try {
      const [vector] = await encoder.encode(['这个手机很好用']);
      assert.ok(maxDifference([vector as Float32Array], [expectedVector('这个手机很好用', 'cls', false)]) < 1e-4);
    } finally {
      await encoder.close();
    }
  });

  it('a text encodes the same alone and padded inside a batch, and long texts are truncated to maxLength', async () => {
    const encoder = await OnnxTextEncoder.load(meanDir, { logger: recordingLogger() });
    try {
      const long = SHOP_TEXTS.join(' ');
      assert.equal(encoder.countTokens(long), 24);
      const alone = await Promise.all(
        ['好', long, 'great battery'].map(async (text) => (await encoder.encode([text]))[0] as Float32Array),
      );
      const together = await encoder.encode(['好', long, 'great battery']);
      assert.ok(maxDifference(alone, together) < 1e-5);
      assert.deepEqual(await encoder.encode([]), []);
    } finally {
      await encoder.close();
    }
  });

  it('names the files a model directory lacks and refuses a model without BERT inputs', async () => {
    const broken = join(root, 'broken');
    await writeTinyModelDirectory(broken, { pooling: 'mean', maxLength: 16, normalize: true });
    await unlink(join(broken, 'model.onnx'));
    await unlink(join(broken, 'tokenizer.json'));
    await assert.rejects(
      OnnxTextEncoder.load(broken, { logger: recordingLogger() }),
      (error: unknown) =>
        error instanceof EncoderError &&
        error.code === 'INVALID_MODEL_DIRECTORY' &&
        /model\.onnx, tokenizer\.json/.test(error.message),
    );
    await assert.rejects(
      OnnxTextEncoder.fromFiles(
        {
          model: Uint8Array.from([1, 2, 3]),
          tokenizerJson: JSON.parse(tiny.tokenizerJson) as unknown,
          config: { pooling: 'mean', maxLength: 16, normalize: true },
        },
        { logger: recordingLogger() },
      ),
      (error: unknown) => error instanceof EncoderError && error.code === 'MODEL_LOAD_FAILED',
    );
  });
});
