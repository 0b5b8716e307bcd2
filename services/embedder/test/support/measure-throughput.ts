/**
 * Prints texts/s of the tiny random BERT: one text per call, direct batches, and many concurrent
 * one-text callers through the dynamic batcher. Not a test; run after building:
 *   node services/embedder/dist/test/support/measure-throughput.js [hiddenSize] [layers] [threads]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildWordPieceVocab, writeTokenizerJson } from '@demand/bert-tokenizer';
import { withDynamicBatching } from '@demand/onnx-encoder';
import { buildBertOnnxModel } from '../../src/encoder/bert-onnx-builder.js';
import { randomBertWeights } from '../../src/encoder/bert-weights.js';
import { writeEncoderModelDirectory } from '@demand/onnx-encoder';
import { OnnxTextEncoder } from '@demand/onnx-encoder';
import { SHOP_TEXTS, recordingLogger } from './tiny-model-directory.js';

const hiddenSize = Number(process.argv[2] ?? 32);
const numLayers = Number(process.argv[3] ?? 2);
const threads = process.argv[4] === undefined ? undefined : Number(process.argv[4]);
const texts = Array.from(
  { length: 512 },
  (_, i) => `${SHOP_TEXTS[i % SHOP_TEXTS.length]} #${i} ${SHOP_TEXTS[(i * 7) % SHOP_TEXTS.length]}`,
);

/** Best of three timed runs after a warm-up, as texts per second. */
async function rate(label: string, count: number, work: () => Promise<unknown>): Promise<void> {
  await work();
  let best = Infinity;
  for (let run = 0; run < 3; run++) {
    const started = performance.now();
    await work();
    best = Math.min(best, (performance.now() - started) / 1000);
  }
  console.log(`${label.padEnd(52)} ${(count / best).toFixed(0).padStart(7)} texts/s`);
}

const directory = await mkdtemp(join(tmpdir(), 'encoder-throughput-'));
try {
  const tokenizerJson = writeTokenizerJson(buildWordPieceVocab(SHOP_TEXTS, 400));
  const vocabSize = Object.keys((JSON.parse(tokenizerJson) as { model: { vocab: object } }).model.vocab).length;
  const architecture = {
    vocabSize,
    hiddenSize,
    numLayers,
    numHeads: 4,
    intermediateSize: hiddenSize * 4,
    maxPositions: 128,
    typeVocabSize: 2,
    layerNormEpsilon: 1e-12,
  };
  await writeEncoderModelDirectory(directory, {
    model: buildBertOnnxModel(randomBertWeights(architecture, 3)),
    tokenizerJson,
    config: { pooling: 'mean', maxLength: 64, normalize: true },
  });
  const encoder = await OnnxTextEncoder.load(directory, {
    logger: recordingLogger(),
    ...(threads === undefined ? {} : { intraOpNumThreads: threads }),
  });
  const tokens = texts.reduce((sum, text) => sum + encoder.countTokens(text), 0) / texts.length;
  console.log(
    `hidden ${hiddenSize}, ${numLayers} layers, ${threads ?? 'default'} threads, ${texts.length} texts of ${tokens.toFixed(1)} tokens on average`,
  );

  await rate('one text per encode() call', texts.length, async () => {
    for (const text of texts) await encoder.encode([text]);
  });
  for (const size of [8, 32, 128]) {
    await rate(`encode() in batches of ${size}`, texts.length, async () => {
      for (let i = 0; i < texts.length; i += size) await encoder.encode(texts.slice(i, i + size));
    });
  }
  const batched = withDynamicBatching(encoder, { maxBatchSize: 32, maxWaitMs: 5, maxQueuedTexts: 10_000 });
  await rate('512 concurrent one-text callers, batcher(32, 5 ms)', texts.length, () =>
    Promise.all(texts.map((text) => batched.encode([text]))),
  );
  await batched.close();
  await encoder.close();
} finally {
  await rm(directory, { recursive: true, force: true });
}
