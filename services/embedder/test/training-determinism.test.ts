import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { beforeAll, describe, it } from '@jest/globals';
import { OnnxTextEncoder } from '@demand/onnx-encoder';
import { trainBootstrapModels, type BootstrapResult } from '../src/training/bootstrap-models.js';
import type { TrainingCorpus } from '../src/training/corpus.js';
import { TINY_CORPUS, TINY_ENCODER } from './support/in-process-trainer.js';
import { shopCorpus } from './support/shop-corpus.js';
import { recordingLogger } from './support/tiny-model-directory.js';

const sha256 = (bytes: Uint8Array | string): string => createHash('sha256').update(bytes).digest('hex');

/** Everything a training run publishes, as hashes (the encoder graph, its vocabulary, both heads' model.json). */
function fingerprint(result: BootstrapResult) {
  assert.ok(result.encoder);
  return {
    encoder: sha256(result.encoder.model),
    tokenizer: sha256(result.encoder.tokenizerText),
    sentiment: sha256(result.sentiment.artifact),
    intent: sha256(result.intent.artifact),
    trainingSetHash: result.provenance.trainingSetHash,
  };
}

function train(corpus: TrainingCorpus, intraOpNumThreads: number): Promise<BootstrapResult> {
  return trainBootstrapModels(corpus, { train: true, options: TINY_ENCODER }, (files) =>
    OnnxTextEncoder.fromFiles(files, { logger: recordingLogger(), executionProviders: ['cpu'], intraOpNumThreads }),
  );
}

const corpus = shopCorpus(TINY_CORPUS);
let first: ReturnType<typeof fingerprint>;
beforeAll(async () => {
  first = fingerprint(await train(corpus, 1));
});

describe('retraining on the same data', () => {
  it('publishes the same encoder and head weights, whatever order the rows came in and however many ONNX threads', async () => {
    const reversed: TrainingCorpus = {
      ...corpus,
      items: [...corpus.items].reverse(),
      reviews: [...corpus.reviews].reverse(),
      queries: [...corpus.queries].reverse(),
      dialogTurns: [...corpus.dialogTurns].reverse(),
    };
    assert.deepEqual(fingerprint(await train(corpus, 1)), first);
    assert.deepEqual(fingerprint(await train(reversed, 2)), first);
  });

  it('gives other weights for other data (the fingerprint sees a one-review change)', async () => {
    const fewer = fingerprint(await train({ ...corpus, reviews: corpus.reviews.slice(1) }, 1));
    assert.notEqual(fewer.sentiment, first.sentiment);
    assert.notEqual(fewer.trainingSetHash, first.trainingSetHash);
  });
});
