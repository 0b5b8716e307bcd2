import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { DirectoryModelStore } from '@demand/model-store';
import { ModelRepository } from '../src/adapters/model-repository.adapter.js';
import { EmbedderError } from '../src/domain/embedder-error.js';
import { TextModelManager, type ModelSettings } from '../src/models/text-model-manager.js';
import { InProcessTrainer, TINY_CORPUS } from './support/in-process-trainer.js';
import { recordingPinoLogger } from './support/recording-log.js';
import { writeTinyModelDirectory } from './support/tiny-model-directory.js';

let root: string;
beforeAll(async () => (root = await mkdtemp(join(tmpdir(), 'embedder-models-'))));
afterAll(async () => rm(root, { recursive: true, force: true }));

const settings = (overrides: Partial<ModelSettings> = {}): ModelSettings => ({
  modelDir: undefined,
  executionProviders: ['cpu'],
  intraOpNumThreads: 1,
  batching: { maxBatchSize: 8, maxWaitMs: 1, maxQueuedTexts: 1000 },
  corpus: TINY_CORPUS,
  headReloadMs: 50,
  ...overrides,
});

function manager(storeRoot: string, trainer: InProcessTrainer, overrides: Partial<ModelSettings> = {}) {
  const { logger, lines } = recordingPinoLogger();
  const store = new DirectoryModelStore({ root: storeRoot });
  const models = new TextModelManager({
    repository: new ModelRepository(store),
    trainer,
    settings: settings(overrides),
    logger,
  });
  return { models, store, lines };
}

const unavailable = (pattern: RegExp) => (error: unknown) =>
  error instanceof EmbedderError && error.code === 'UNAVAILABLE' && pattern.test(error.message);

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(20);
  }
}

describe('TextModelManager', () => {
  const storeRoot = () => join(root, 'store');

  it('with an empty store: starts at once, says why it is unavailable, trains, publishes and serves', async () => {
    const trainer = new InProcessTrainer();
    let open!: () => void;
    trainer.gate = new Promise((resolve) => (open = resolve));
    const { models, store } = manager(storeRoot(), trainer);
    await models.start();
    try {
      assert.equal(models.isReady(), false);
      assert.throws(
        () => models.encoder(),
        unavailable(/default text encoder and heads are being trained; retry shortly/),
      );
      assert.throws(() => models.heads(), unavailable(/being trained/));
      open();
      await models.whenReady();
      assert.equal(trainer.requests.length, 1);
      assert.deepEqual(trainer.requests[0]?.encoder, { train: true });
      const handle = models.encoder();
      assert.match(handle.version, /^text-encoder@1#[0-9a-f]{8}$/);
      assert.equal(handle.dimensions, 64);
      const [vector] = await handle.encoder.encode(['连衣裙']);
      assert.equal(vector?.length, 64);
      assert.equal(models.heads().sentiment.version, 'sentiment-head@1');
      assert.equal(models.heads().intent.version, 'intent-head@1');
      const head = await store.latest('sentiment-head');
      assert.equal(
        head?.metadata['encoderFingerprint'] as string | undefined,
        (await new ModelRepository(store).latestEncoder())?.fingerprint,
      );
      assert.ok(typeof (head!.metadata['report'] as { test: { accuracy: number } }).test.accuracy === 'number');
    } finally {
      await models.stop();
    }
  });

  it('on the next start loads the published models without training', async () => {
    const trainer = new InProcessTrainer();
    const { models } = manager(storeRoot(), trainer);
    await models.start();
    try {
      assert.equal(models.isReady(), true);
      await models.whenReady();
      assert.equal(trainer.requests.length, 0);
      assert.match(models.encoder().version, /^text-encoder@1#/);
    } finally {
      await models.stop();
    }
  });

  it('swaps in a head version published later for the same encoder, and ignores one for another encoder', async () => {
    const trainer = new InProcessTrainer();
    const { models, store, lines } = manager(storeRoot(), trainer);
    await models.start();
    try {
      const current = await store.latest('sentiment-head');
      assert.ok(current);
      const artifact = await store.readFile(current, 'model.json');
      await store.publish('sentiment-head', { files: { 'model.json': artifact }, metadata: { ...current.metadata } });
      await until(() => models.heads().sentiment.version === 'sentiment-head@2');
      await store.publish('intent-head', {
        files: { 'model.json': await store.readFile((await store.latest('intent-head'))!, 'model.json') },
        metadata: { encoderFingerprint: 'another' },
      });
      await until(() => lines.some((line) => /head for another encoder/.test(line.msg)));
      assert.equal(models.heads().intent.version, 'intent-head@1');
      assert.ok(lines.some((line) => line.msg === 'sentiment head reloaded' && line['version'] === 'sentiment-head@2'));
    } finally {
      await models.stop();
    }
  });

  it('serves an operator’s model directory, training only heads for it', async () => {
    const directory = join(root, 'operator-model');
    await writeTinyModelDirectory(directory, { pooling: 'mean', maxLength: 32, normalize: true });
    const trainer = new InProcessTrainer();
    const { models, store } = manager(join(root, 'operator-store'), trainer, { modelDir: directory });
    await models.start();
    try {
      await models.whenReady();
      assert.deepEqual(trainer.requests[0]?.encoder, { directory });
      assert.match(models.encoder().version, new RegExp(`^dir:${directory}#[0-9a-f]{8}$`));
      assert.equal(models.encoder().dimensions, 32);
      assert.equal(
        await store.latest('text-encoder'),
        undefined,
        'the operator’s encoder is not copied into the store',
      );
      assert.equal((await store.latest('intent-head'))?.metadata['encoder'], models.encoder().version);
    } finally {
      await models.stop();
    }
    const again = manager(join(root, 'operator-store'), trainer, { modelDir: directory });
    await again.models.start();
    assert.equal(again.models.isReady(), true, 'heads for that directory are found by fingerprint');
    await again.models.stop();
    assert.equal(trainer.requests.length, 1);
  });

  it('refuses to start on a model directory that is not one', async () => {
    const { models } = manager(join(root, 'bad-store'), new InProcessTrainer(), { modelDir: join(root, 'missing') });
    await assert.rejects(models.start(), /ENOENT/);
  });

  it('stays unready with the reason when training fails, and stopping cancels a training run quietly', async () => {
    const failing = new InProcessTrainer();
    failing.failWith = new Error('corpus has no reviews');
    const broken = manager(join(root, 'failing-store'), failing);
    await broken.models.start();
    await assert.rejects(broken.models.whenReady(), /corpus has no reviews/);
    assert.throws(() => broken.models.encoder(), unavailable(/failed to load: corpus has no reviews/));
    assert.ok(broken.lines.some((line) => line.level === 'error'));
    await broken.models.stop();

    const held = new InProcessTrainer();
    held.gate = new Promise(() => undefined);
    const stopping = manager(join(root, 'cancelled-store'), held);
    await stopping.models.start();
    await stopping.models.stop();
    assert.equal(stopping.lines.filter((line) => line.level === 'error').length, 0);
    await assert.rejects(readFile(join(root, 'cancelled-store', 'text-encoder')), /ENOENT/);
  });
});
