import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { createLogger } from '@demand/telemetry';
import { ServingThreads } from '../src/adapters/serving-threads.adapter.js';
import { loadRecommenderConfig } from '../src/config.js';
import { parseArms } from '../src/domain/arms.js';
import { RecommendService } from '../src/domain/recommend-service.js';
import { trainServingModel } from '../src/domain/train-model.js';
import type { EncodedAnswer } from '../src/domain/encoded-answer.js';
import { answerHere, type TrainedServingModel, type Variant } from '../src/ports/list-engine.port.js';
import { requestMix } from './request-mix.js';
import { SyntheticShopData } from './synthetic-shop.js';

const until = async (done: () => boolean) => {
  for (let waited = 0; !done(); waited += 20) {
    assert.ok(waited < 20_000, 'timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

describe('RECOMMENDER_SERVING_WORKERS', () => {
  it('sets the serving threads: none unless set, a whole number', () => {
    assert.equal(loadRecommenderConfig({}).servingWorkers, 0);
    assert.equal(loadRecommenderConfig({ RECOMMENDER_SERVING_WORKERS: '3' }).servingWorkers, 3);
    assert.throws(
      () => loadRecommenderConfig({ RECOMMENDER_SERVING_WORKERS: '1.5' }),
      /RECOMMENDER_SERVING_WORKERS: expected a whole number/,
    );
  });
});

describe('serving threads', () => {
  let model: TrainedServingModel;
  let threads: ServingThreads;

  beforeAll(async () => {
    const trained = trainServingModel(
      await new SyntheticShopData({ seed: 3, users: 300, items: 120, days: 28 }).load(),
    );
    assert.equal(trained.model.kind, 'trained');
    model = trained.model as TrainedServingModel;
    threads = new ServingThreads(2, createLogger({ service: 'recommender', level: 'silent' }));
  });

  afterAll(() => threads.close());

  const envelope = (n: number) => ({ recommendationId: `rec-${n}`, arm: 'control', modelVersions: { model: 'm1' } });
  /** An answer as text: bytes from a thread arrive as the host realm's Uint8Array. */
  const wire = (a: EncodedAnswer) =>
    JSON.stringify({
      ...a,
      bytes: Buffer.from(a.bytes.buffer, a.bytes.byteOffset, a.bytes.byteLength).toString('hex'),
    });

  const requests = () => requestMix(model.learned.data, 240);

  it('computes lists on the calling thread until the threads hold the model, then on them: the same lists', async () => {
    const [first] = requests();
    const early = await threads.answer(model, first!.variant, first!.request, envelope(0));
    assert.equal(threads.threadAnswers, 0);
    assert.equal(wire(early), wire(answerHere(model, first!.variant, first!.request, envelope(0))));

    threads.serve([model]);
    await until(() => threads.holding(model) === 2);
    const all = requests();
    const answers = await Promise.all(
      all.map(({ variant, request }, n) => threads.answer(model, variant, request, envelope(n))),
    );
    assert.equal(threads.threadAnswers, all.length);
    assert.ok(answers.some((a) => a.coldStart) && answers.some((a) => !a.coldStart));
    // Each answer's bytes and logged list are those encoded on this thread.
    all.forEach(({ variant, request }, n) =>
      assert.equal(wire(answers[n]!), wire(answerHere(model, variant, request, envelope(n)))),
    );
  });

  it('drops a model on the threads once it no longer serves, and takes the next one', async () => {
    threads.serve([model]);
    await until(() => threads.holding(model) === 2);
    const next: TrainedServingModel = { ...model, versions: { ...model.versions, model: 'next' } };
    threads.serve([next]);
    await until(() => threads.holding(next) === 2);
    assert.equal(threads.holding(model), 0);
    const [first] = requests();
    const before = threads.threadAnswers;
    await threads.answer(model, first!.variant, first!.request, envelope(0));
    assert.equal(threads.threadAnswers, before, 'a dropped model is served on the calling thread');
    await threads.answer(next, first!.variant, first!.request, envelope(0));
    assert.equal(threads.threadAnswers, before + 1);
    threads.serve([model]);
    await until(() => threads.holding(model) === 2);
  });

  it('fails a call whose list fails on a thread, naming the cause', async () => {
    threads.serve([model]);
    await until(() => threads.holding(model) === 2);
    const [first] = requests();
    await assert.rejects(
      threads.answer(model, 'no such variant' as Variant, first!.request, envelope(0)),
      /list failed on a serving thread: TypeError/,
    );
    assert.equal(threads.size, 2);
  });

  it('serves Recommend through the threads once they hold the model, with the answer of the gRPC thread', async () => {
    const options = {
      arms: parseArms('control:learned:50,fusion:fusion:50'),
      armSalt: 'test',
      newId: () => 'rec-1',
      clock: () => new Date(model.learned.data.now),
    };
    const threaded = new RecommendService(model, { publish: () => undefined }, { ...options, lists: threads });
    const inline = new RecommendService(model, { publish: () => undefined }, options);
    await until(() => threaded.listsReady);
    const before = threads.threadAnswers;
    for (const userId of model.learned.data.users.slice(0, 20)) {
      const request = { userId, page: 'home', currentItemId: '', count: 5, filters: undefined, recentItemIds: [] };
      assert.equal(JSON.stringify(await threaded.recommend(request)), JSON.stringify(await inline.recommend(request)));
    }
    assert.equal(threads.threadAnswers, before + 20);
  });
});
