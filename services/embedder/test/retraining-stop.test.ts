import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { TrainingCancelled } from '../src/ports/model-trainer.port.js';
import type { EncoderHandle } from '../src/ports/text-models.port.js';
import { InProcessTrainer } from './support/in-process-trainer.js';
import { manager, SHOP, until } from './support/text-model-manager-fixture.js';

let root: string;
beforeAll(async () => (root = await mkdtemp(join(tmpdir(), 'embedder-retraining-stop-'))));
afterAll(async () => rm(root, { recursive: true, force: true }));

/** What a retrain came to within `ms` of being asked. */
function settledWithin(retraining: Promise<unknown>, ms: number): Promise<unknown> {
  return Promise.race([
    retraining.then(
      () => 'finished',
      (error: unknown) => error,
    ),
    sleep(ms, undefined, { ref: false }).then(() => 'still running'),
  ]);
}

describe('stopping the text models while a retrain runs', () => {
  it('cancels a head retrain held in training: nothing published or announced, no error logged', async () => {
    const trainer = new InProcessTrainer();
    const { models, store, lines, announced } = manager(join(root, 'head'), trainer, {}, { corpus: SHOP });
    await models.start();
    await models.whenReady();
    await until(() => announced.length === 3); // the first training's encoder and two heads
    trainer.gate = new Promise(() => undefined);
    const retraining = models.retrain('intent', 'drift');
    await until(() => trainer.requests.length === 2);
    await models.stop();
    const outcome = await settledWithin(retraining, 5_000);
    assert.ok(outcome instanceof TrainingCancelled, String(outcome));
    assert.equal((await store.list('intent-head')).length, 1);
    assert.equal(announced.length, 3);
    assert.deepEqual(
      lines.filter((line) => line.level === 'error'),
      [],
    );
  });

  it('waits for an encoder swap past training and closes the new encoder instead of switching to it', async () => {
    const shop = { corpus: SHOP };
    const { models } = manager(join(root, 'encoder'), new InProcessTrainer(), {}, shop);
    await models.start();
    await models.whenReady();
    const old = models.encoder();
    let incoming: EncoderHandle | undefined;
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    models.swapEncodersAfter(async (handle) => {
      incoming = handle;
      await released;
    });
    shop.corpus = { ...SHOP, items: [...SHOP.items, '新款 碎花 连衣裙 floral dress'] };
    const retraining = models.retrain('encoder', 'drift');
    await until(() => incoming !== undefined, 120_000);
    const stopping = models.stop();
    release();
    await stopping;
    const outcome = await settledWithin(retraining, 5_000);
    assert.ok(outcome instanceof TrainingCancelled, String(outcome));
    for (const encoder of [incoming, old]) {
      await assert.rejects(encoder?.encoder.encode(['after stop']) ?? Promise.resolve(), /shutting down/);
    }
  }, 180_000);
});
