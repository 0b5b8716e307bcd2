import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import type { RecommendRequest, RecsServed } from '@demand/contracts';
import { createLogger } from '@demand/telemetry';
import { InlineTrainer } from '../src/adapters/inline-trainer.adapter.js';
import { WorkerTrainer } from '../src/adapters/worker-trainer.adapter.js';
import { parseArms } from '../src/domain/arms.js';
import { ModelRefresher } from '../src/domain/model-refresher.js';
import { RecommendService } from '../src/domain/recommend-service.js';
import { coldModel } from '../src/domain/train-model.js';
import type { ModelRecord } from '../src/ports/model-registry.port.js';
import type { TrainingData, TrainingDataSource } from '../src/ports/training-data.port.js';
import { assertSimilarServed } from './similar-served.js';
import { SyntheticShopData } from './synthetic-shop.js';

const logger = createLogger({ service: 't', level: 'silent' });
const request = (partial: Partial<RecommendRequest> = {}): RecommendRequest => ({
  userId: 'u-000001',
  page: 'home',
  currentItemId: '',
  count: 5,
  filters: undefined,
  recentItemIds: [],
  ...partial,
});
const empty: TrainingData = { items: [], interactions: [], now: 0, window: 'none' };

/** A data source whose answer the test sets: what ClickHouse holds at each training run. */
class FakeSource implements TrainingDataSource {
  constructor(public data: TrainingData) {}
  async load(): Promise<TrainingData> {
    return this.data;
  }
}

function service() {
  const served: RecsServed[] = [];
  let n = 0;
  const recommender = new RecommendService(
    coldModel(empty).model,
    { publish: (s) => void served.push(s) },
    {
      arms: parseArms('control:learned:50,fusion:fusion:50'),
      armSalt: 't',
      newId: () => `rec-${++n}`,
      clock: () => new Date(Date.UTC(2025, 1, 3)),
    },
  );
  return { recommender, served };
}

describe('serving before and after training', () => {
  let shop: TrainingData;
  beforeAll(async () => {
    shop = await new SyntheticShopData({ seed: 5, users: 200, items: 80, days: 28 }).load();
  });

  it('answers with an empty shop: an empty cold list, labelled cold', async () => {
    const { recommender, served } = service();
    const res = await recommender.recommend(request());
    assert.deepEqual([res.items, res.coldStart], [[], true]);
    assert.equal(served.length, 1);
  });

  it('serves the popular-then-new cold list while the history is below the minimum, then swaps in the trained model', async () => {
    const { recommender, served } = service();
    const source = new FakeSource({ ...shop, interactions: shop.interactions.slice(0, 50) });
    const published: ModelRecord[] = [];
    const registry = { publish: async (r: ModelRecord) => published.push(r) };
    const refresher = new ModelRefresher(
      source,
      new InlineTrainer(),
      recommender,
      { minInteractions: 500, retrainMs: 0 },
      logger,
      registry,
    );
    assert.equal(refresher.readinessDetail().serving, 'nothing yet');
    const cold = await refresher.refresh();
    assert.equal(cold?.kind, 'cold');
    assert.deepEqual(refresher.readinessDetail(), {
      serving: 'cold list',
      version: 'v1',
      detail: 'no model trained yet: 50 interactions, 500 needed',
    });
    assert.equal(cold?.versions.model, 'v1');
    const coldList = await recommender.recommend(request({ count: 10 }));
    assert.equal(coldList.coldStart, true);
    assert.equal(coldList.items.length, 10);
    assert.equal(coldList.items[0]!.reasons[0]!.source, 'popular');
    assert.equal(coldList.modelVersions.model, 'v1');
    const item = shop.items[0]!.id;
    const servedAt = new Date(Date.UTC(2025, 1, 3));
    const coldSimilar = await recommender.similarItems({ itemId: item, count: 3, filters: undefined });
    assert.ok(coldSimilar.items.length > 0);
    assertSimilarServed(served.at(-1), { itemId: item, response: coldSimilar, coldStart: true, servedAt });

    source.data = shop;
    const before = recommender.current;
    const trained = await refresher.refresh();
    assert.equal(trained?.kind, 'trained');
    assert.equal(trained?.versions.model, 'v2');
    assert.deepEqual(refresher.readinessDetail(), { serving: 'trained model', version: 'v2', detail: shop.window });
    assert.ok(trained!.metrics.rankerNdcg10 && trained!.metrics.interactions === shop.interactions.length);
    assert.notEqual(recommender.current, before);
    const user = shop.interactions[0]!.user;
    const warm = await recommender.recommend(request({ userId: user }));
    assert.equal(warm.coldStart, false);
    assert.equal(warm.modelVersions.model, 'v2');
    const similar = await recommender.similarItems({ itemId: item, count: 3, filters: undefined });
    assertSimilarServed(served.at(-1), { itemId: item, response: similar, coldStart: false, servedAt });
    // Only trained versions are published, with their window, metrics and rankers.
    assert.equal(published.length, 1);
    assert.equal(published[0]!.model, 'v2');
    assert.equal(published[0]!.versions.data, shop.window);
    assert.equal(published[0]!.metrics.interactions, shop.interactions.length);
    assert.ok(published[0]!.rankers.ranker && published[0]!.rankers.cold_ranker);
  }, 60_000);

  it('keeps serving the old model when a run fails, and runs asked for together do not overlap', async () => {
    const { recommender } = service();
    let loads = 0;
    let inFlight = 0;
    let most = 0;
    const source: TrainingDataSource = {
      load: async () => {
        loads++;
        most = Math.max(most, ++inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight--;
        if (loads === 2) throw new Error('store down');
        return empty;
      },
    };
    const refresher = new ModelRefresher(
      source,
      new InlineTrainer(),
      recommender,
      { minInteractions: 1, retrainMs: 0 },
      logger,
    );
    const first = await refresher.refresh();
    const model = recommender.current;
    assert.equal(await refresher.refresh(), undefined);
    assert.equal(recommender.current, model);
    assert.equal(refresher.status, first);
    await Promise.all([refresher.refresh(), refresher.refresh(), refresher.refresh()]);
    assert.equal(most, 1);
    assert.equal(loads, 4);
  });
});

describe('WorkerTrainer', () => {
  it('is ended by stop: the run in progress swaps nothing in', async () => {
    const shop = await new SyntheticShopData({ seed: 5, users: 200, items: 80, days: 28 }).load();
    const { recommender } = service();
    const before = recommender.current;
    const refresher = new ModelRefresher(
      new FakeSource(shop),
      new WorkerTrainer(),
      recommender,
      { minInteractions: 1, retrainMs: 0 },
      logger,
    );
    const run = refresher.refresh();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await refresher.stop();
    assert.equal(await run, undefined);
    assert.equal(recommender.current, before);
  }, 60_000);

  // The serving clock, not the worker's: the shop's time (weeks before today).
  let serviceNow = 0;
  const lists = { length: 60, maxAgeMs: 3_600_000, refreshPerSecond: 0, clock: () => serviceNow };
  const trainer = new WorkerTrainer(lists);
  afterAll(() => trainer.close());

  it('trains in a worker thread; the model it sends back serves like one trained here', async () => {
    const shop = await new SyntheticShopData({ seed: 5, users: 200, items: 80, days: 28 }).load();
    serviceNow = shop.now;
    const { model, metrics } = await trainer.train(shop);
    assert.equal(model.kind, 'trained');
    if (model.kind !== 'trained') return;
    assert.equal(metrics.interactions, shop.interactions.length);
    const context = { user: 0, now: shop.now };
    const here = (await new InlineTrainer(lists).train(shop)).model;
    assert.equal(here.kind, 'trained');
    if (here.kind !== 'trained') return;
    // Both stamp the lists with the serving clock's time, so that clock serves from them.
    for (const trained of [model, here]) {
      assert.equal(trained.learned.lists?.size().users, trained.learned.data.userCount);
      assert.equal(trained.learned.lists!.unreadable(0, shop.now), undefined);
    }
    assert.deepEqual(
      model.learned.recommend({ context, count: 8 }).items.map((i) => i.id),
      here.learned.recommend({ context, count: 8 }).items.map((i) => i.id),
    );
  }, 60_000);
});
