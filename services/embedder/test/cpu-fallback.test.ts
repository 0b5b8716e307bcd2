import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import ort from 'onnxruntime-node';
import { OnnxTextEncoder } from '@demand/onnx-encoder';
import { SHOP_TEXTS, maxDifference, recordingLogger, writeTinyModelDirectory } from './support/tiny-model-directory.js';

let root: string;

// Which cases apply is decided before Jest collects them: a case that cannot run here is
// reported as skipped, with the reason in its name.
ort.env.logLevel = 'fatal';
const probeRoot = await mkdtemp(join(tmpdir(), 'embedder-cuda-probe-'));
await writeTinyModelDirectory(probeRoot, { pooling: 'mean', maxLength: 32, normalize: true });
const cudaWorks = await ort.InferenceSession.create(join(probeRoot, 'model.onnx'), {
  executionProviders: ['cuda'],
}).then(
  async (session) => (await session.release(), true),
  () => false,
);
await rm(probeRoot, { recursive: true, force: true });
const withoutCuda = cudaWorks ? it.skip : it;
const withCuda = cudaWorks ? it : it.skip;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'embedder-fallback-'));
  await writeTinyModelDirectory(root, { pooling: 'mean', maxLength: 32, normalize: true });
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('execution provider fallback', () => {
  withoutCuda(
    "asked for ['cuda','cpu'] without CUDA: starts on CPU, logs the fallback once, encodes like a CPU encoder (skipped where CUDA works: nothing to fall back from)",
    async () => {
      const logger = recordingLogger();
      const fallback = await OnnxTextEncoder.load(root, {
        logger,
        executionProviders: ['cuda', 'cpu'],
        nativeLogLevel: 'fatal',
      });
      const plain = await OnnxTextEncoder.load(root, { logger: recordingLogger() });
      try {
        assert.deepEqual(fallback.providers, ['cpu']);
        assert.deepEqual(plain.providers, ['cpu']);
        const warnings = () => logger.records.filter((record) => record.level === 'warn');
        assert.equal(warnings().length, 1);
        assert.match(warnings()[0]?.message ?? '', /falls back to cpu/);
        assert.deepEqual(warnings()[0]?.details['requested'], ['cuda', 'cpu']);
        assert.deepEqual(warnings()[0]?.details['using'], ['cpu']);
        assert.match(String(warnings()[0]?.details['failures']), /cuda/i);

        const fromFallback = await fallback.encode(SHOP_TEXTS);
        await fallback.encode(['again', '再来一次']);
        assert.equal(warnings().length, 1, 'no further warnings while serving');
        assert.ok(maxDifference(fromFallback, await plain.encode(SHOP_TEXTS)) < 1e-6);
      } finally {
        await fallback.close();
        await plain.close();
      }
    },
  );

  withoutCuda("asked for ['cuda'] alone it still starts, on CPU (skipped where CUDA works)", async () => {
    const logger = recordingLogger();
    const encoder = await OnnxTextEncoder.load(root, { logger, executionProviders: ['cuda'] });
    assert.equal(cudaWorks, false);
    try {
      assert.deepEqual(encoder.providers, ['cpu']);
      assert.equal(logger.records.filter((record) => record.level === 'warn').length, 1);
    } finally {
      await encoder.close();
    }
  });
});

describe('on a machine where CUDA works', () => {
  withCuda(
    "asked for ['cuda','cpu'] it runs on CUDA, warns about nothing and matches CPU within 1e-4 (skipped where no CUDA execution provider loads)",
    async () => {
      const logger = recordingLogger();
      const gpu = await OnnxTextEncoder.load(root, { logger, executionProviders: ['cuda', 'cpu'] });
      const cpu = await OnnxTextEncoder.load(root, { logger: recordingLogger() });
      try {
        assert.deepEqual(gpu.providers, ['cuda', 'cpu']);
        assert.equal(logger.records.filter((record) => record.level === 'warn').length, 0);
        assert.ok(maxDifference(await gpu.encode(SHOP_TEXTS), await cpu.encode(SHOP_TEXTS)) < 1e-4);
      } finally {
        await gpu.close();
        await cpu.close();
      }
    },
  );
});
