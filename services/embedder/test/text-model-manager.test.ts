import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { DirectoryModelStore } from '@demand/model-store';
import { ModelRepository } from '../src/adapters/model-repository.adapter.js';
import { EmbedderError } from '../src/domain/embedder-error.js';
import { normalizedCorpus } from '../src/training/bootstrap-models.js';
import { trainingSetHash } from '../src/training/corpus.js';
import { InProcessTrainer } from './support/in-process-trainer.js';
import { EMPTY, manager, SEED, SHOP, TRAINING, until } from './support/text-model-manager-fixture.js';
import { writeTinyModelDirectory } from './support/tiny-model-directory.js';

let root: string;
beforeAll(async () => (root = await mkdtemp(join(tmpdir(), 'embedder-models-'))));
afterAll(async () => rm(root, { recursive: true, force: true }));

const unavailable = (pattern: RegExp) => (error: unknown) =>
  error instanceof EmbedderError && error.code === 'UNAVAILABLE' && pattern.test(error.message);

describe('TextModelManager', () => {
  const storeRoot = () => join(root, 'store');

  it('with an empty store: starts at once, says why it is unavailable, trains, publishes and serves', async () => {
    const trainer = new InProcessTrainer();
    let open!: () => void;
    trainer.gate = new Promise((resolve) => (open = resolve));
    const { models, store, announced } = manager(storeRoot(), trainer);
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
      // No shop data yet: trained on the seed, and says so.
      assert.equal(handle.cold, true);
      assert.equal(models.heads().sentiment.cold, true);
      assert.match(
        models.detail(),
        /^cold: text-encoder@1#[0-9a-f]{8}, sentiment-head@1, intent-head@1 not trained on the shop's own data \(not enough shop data yet \(0\/20 items, 0\/30 reviews, 0\/30 labelled customer turns\)\)/,
      );
      const encoderVersion = await store.latest('text-encoder');
      assert.deepEqual(encoderVersion?.metadata['source'], SEED.source);
      assert.match(String(encoderVersion?.metadata['trainingSetHash']), /^[0-9a-f]{64}$/);
      const unknown = models.unknownTokenShare();
      assert.deepEqual(
        Object.keys(unknown).sort(),
        ['dialog_turn', 'review'],
        'the generic seed has no items or queries',
      );
      assert.ok(
        Object.values(unknown).every((share) => share >= 0 && share < 0.05),
        JSON.stringify(unknown),
      );
      await until(() => announced.length === 3);
      assert.deepEqual(
        announced.map((message) => [message.model, message.version]),
        [
          ['encoder', handle.version],
          ['sentiment', 'sentiment-head@1'],
          ['intent', 'intent-head@1'],
        ],
      );
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
      assert.match(models.detail(), /^cold: .* \(the encoder was trained on generic-seed\); serving /);
    } finally {
      await models.stop();
    }
  });

  it('serves a version from before sources were recorded (the old test-kit bootstrap) as cold, naming it', async () => {
    const legacyRoot = join(root, 'legacy-store');
    const legacy = new DirectoryModelStore({ root: legacyRoot });
    const current = new DirectoryModelStore({ root: storeRoot() });
    const copy = async (name: string, metadata: Record<string, unknown>) => {
      const version = (await current.latest(name))!;
      const files = Object.fromEntries(
        await Promise.all(version.files.map(async (f) => [f.name, await current.readFile(version, f.name)] as const)),
      );
      await legacy.publish(name, { files, metadata });
    };
    const fingerprint = (await new ModelRepository(current).latestEncoder())!.fingerprint;
    await copy('text-encoder', { corpus: { kind: 'testkit-shop', seed: 7 } });
    await copy('sentiment-head', { encoderFingerprint: fingerprint, corpus: { kind: 'testkit-shop' } });
    await copy('intent-head', { encoderFingerprint: fingerprint, corpus: { kind: 'testkit-shop' } });
    const { models } = manager(legacyRoot, new InProcessTrainer());
    await models.start();
    try {
      assert.equal(models.isReady(), true);
      assert.equal(models.encoder().cold, true);
      assert.equal(models.heads().intent.cold, true);
      assert.match(models.detail(), /^cold: .* \(the encoder was trained on testkit-shop\); serving /);
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

  it('retrains a head on the shop’s own data once there is enough: same holdout as the champion, published, announced', async () => {
    const shop = { corpus: EMPTY };
    // The gate has its own test below; here any challenger is published.
    const lenient = { training: { ...TRAINING, promotionTolerance: 1 } };
    const { models, store, announced } = manager(join(root, 'retrain-store'), new InProcessTrainer(), lenient, shop);
    await models.start();
    await models.whenReady();
    try {
      const refused = await models.retrain('sentiment', 'operator');
      assert.deepEqual(refused.published, []);
      assert.match(refused.reason, /^not enough shop data yet \(0\/20 items/);
      shop.corpus = SHOP;
      const outcome = await models.retrain('intent', 'drift');
      assert.deepEqual(outcome.published, ['intent-head@2']);
      assert.equal(models.heads().intent.version, 'intent-head@2');
      assert.equal(models.heads().intent.cold, false);
      assert.equal(models.heads().sentiment.cold, true);
      assert.match(models.detail(), /^cold: text-encoder@1#[0-9a-f]{8}, sentiment-head@1 not trained/);
      const version = await store.latest('intent-head');
      assert.deepEqual(version?.metadata['dataWindow'], SHOP.window);
      assert.equal(version?.metadata['trainingSetHash'], trainingSetHash(normalizedCorpus(SHOP)));
      const champion = version?.metadata['champion'] as { version: string; macroF1: number };
      assert.equal(champion.version, 'intent-head@1');
      const report = version?.metadata['report'] as { test: { macroF1: number }; split: { test: number } };
      assert.ok(report.split.test > 0);
      const message = announced.at(-1);
      assert.equal(message?.model, 'intent');
      assert.equal(message?.version, 'intent-head@2');
      assert.equal(message?.dataWindowStart, SHOP.window.start);
      assert.equal(message?.trainingSetHash, version?.metadata['trainingSetHash']);
      assert.equal(message?.metrics['macro_f1'], report.test.macroF1);
      assert.equal(message?.metrics['champion_macro_f1'], champion.macroF1);
      assert.match(outcome.reason, /^holdout macro-F1 [\d.]+ vs champion intent-head@1 [\d.]+: not worse beyond 1$/);
      assert.ok(report.test.macroF1 >= champion.macroF1 - 1);
    } finally {
      await models.stop();
    }
  });

  it('trains on the shop’s data at first start when there is enough, and keeps a champion a retrained head does not beat', async () => {
    const strict = { training: { ...TRAINING, promotionTolerance: -2 } };
    const { models, store } = manager(join(root, 'gate-store'), new InProcessTrainer(), strict, { corpus: SHOP });
    await models.start();
    await models.whenReady();
    try {
      assert.equal(models.encoder().cold, false);
      assert.match(
        models.detail(),
        /^serving text-encoder@1#[0-9a-f]{8}, sentiment-head@1, intent-head@1, trained on the shop's own data$/,
      );
      const outcome = await models.retrain('sentiment-head', 'schedule');
      assert.deepEqual(outcome.published, []);
      assert.match(
        outcome.reason,
        /holdout macro-F1 [\d.]+ vs champion sentiment-head@1 [\d.]+: worse beyond -2; champion kept/,
      );
      assert.equal(models.heads().sentiment.version, 'sentiment-head@1');
      assert.equal((await store.list('sentiment-head')).length, 1);
    } finally {
      await models.stop();
    }
  });
  // Trains three times (start, retrain, a failed retrain): more than the unit tier's 60 s on a loaded box.
  it('swaps a retrained encoder in without a restart: its collections filled first, the old one answering meanwhile', async () => {
    const shop = { corpus: SHOP };
    const { models, lines } = manager(join(root, 'swap-store'), new InProcessTrainer(), {}, shop);
    await models.start();
    await models.whenReady();
    try {
      const old = models.encoder();
      const prepared: string[] = [];
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      models.swapEncodersAfter(async (handle) => {
        prepared.push(handle.version);
        assert.equal(models.encoder(), old, 'the old encoder serves while the new one is prepared');
        assert.equal((await handle.encoder.encode(['连衣裙']))[0]?.length, handle.dimensions);
        await released;
      });
      shop.corpus = { ...SHOP, items: [...SHOP.items, '新款 碎花 连衣裙 floral dress'] };
      const retraining = models.retrain('encoder', 'drift');
      await until(() => prepared.length === 1, 120_000);
      assert.equal((await models.encoder().encoder.encode(['still answering'])).length, 1);
      assert.equal(models.heads().intent.version, 'intent-head@1');
      await sleep(120); // the head watch (every 50 ms) sees the new heads; they wait for their encoder
      assert.equal(models.heads().intent.version, 'intent-head@1');
      assert.ok(!lines.some((line) => /head for another encoder/.test(line.msg)), 'no warning about our own heads');
      release();
      const outcome = await retraining;
      assert.equal(outcome.reason, 'a new encoder and heads are in service');
      assert.match(outcome.published.join(), /^text-encoder@2#[0-9a-f]{8},sentiment-head@2,intent-head@2$/);
      assert.equal(models.encoder().version, prepared[0]);
      assert.notEqual(models.encoder().tag, old.tag);
      assert.deepEqual(
        [models.heads().sentiment.version, models.heads().intent.version],
        ['sentiment-head@2', 'intent-head@2'],
      );
      assert.equal((await old.encoder.encode(['a call that took the old one'])).length, 1, 'closed only after a grace');

      models.swapEncodersAfter(async () => {
        throw new Error('vector store down');
      });
      shop.corpus = SHOP;
      await assert.rejects(models.retrain('encoder', 'drift'), /vector store down/);
      assert.equal(models.encoder().version, prepared[0], 'a failed preparation keeps the encoder in service');
    } finally {
      await models.stop();
    }
  }, 240_000);
});
