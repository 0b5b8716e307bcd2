import assert from 'node:assert/strict';
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { beforeAll, describe, it } from '@jest/globals';
import {
  HybridRecommender,
  type PackedRecommenders,
  packRecommenders,
  RankedLists,
  type RecommendRequest,
  unpackRecommenders,
} from '@demand/recommend';
import { loadRecommenderConfig } from '../src/config.js';
import { trainServingModel } from '../src/domain/train-model.js';
import { answerHere, type TrainedServingModel, type Variant } from '../src/ports/list-engine.port.js';
import { SyntheticShopData } from './synthetic-shop.js';

const LISTS = { length: 100, maxAgeMs: 3_600_000 };

describe('RECOMMENDER_RANKED_LIST_*', () => {
  it('keeps 100 items a user for an hour unless set; 0 turns the lists off', () => {
    assert.deepEqual(loadRecommenderConfig({}).training.rankedLists, LISTS);
    const off = loadRecommenderConfig({
      RECOMMENDER_RANKED_LIST_LENGTH: '0',
      RECOMMENDER_RANKED_LIST_MAX_AGE_MS: '60000',
    });
    assert.deepEqual(off.training.rankedLists, { length: 0, maxAgeMs: 60_000 });
    assert.throws(
      () => loadRecommenderConfig({ RECOMMENDER_RANKED_LIST_LENGTH: '-1' }),
      /RECOMMENDER_RANKED_LIST_LENGTH/,
    );
  });
});

describe('a trained model with per-user ranked lists', () => {
  let model: TrainedServingModel;
  let bare: TrainedServingModel;
  let metrics: ReturnType<typeof trainServingModel>['metrics'];

  beforeAll(async () => {
    const data = await new SyntheticShopData({ seed: 3, users: 300, items: 120, days: 28 }).load();
    const trained = trainServingModel(data, { ...LISTS, clock: () => data.now });
    assert.equal(trained.model.kind, 'trained');
    model = trained.model as TrainedServingModel;
    metrics = trained.metrics;
    // The same trained model without lists: every request scored in full.
    const without = (r: HybridRecommender) =>
      new HybridRecommender(r.data, r.sources, r.ranker, r.perSource, r.coldRanker);
    bare = { ...model, learned: without(model.learned), fusion: without(model.fusion) };
  });

  /** Known users (most), strangers with and without a session, page items, filters, both arms' variants. */
  const requests = (): { variant: Variant; request: RecommendRequest }[] => {
    const { data } = model.learned;
    const filters = [{}, { maxPrice: 300 }, { categories: [data.items[0]!.category[0]!] }, { excludeBrands: ['x'] }];
    return Array.from({ length: 400 }, (_, r) => ({
      variant: r % 5 === 4 ? 'fusion' : 'learned',
      request: {
        context: {
          user: r % 11 === 10 ? -1 : (r * 31) % data.userCount,
          now: data.now,
          currentItem: r % 7 === 0 ? (r * 17) % data.itemCount : -1,
          ...(r % 22 === 21 ? { recentItems: [(r * 13) % data.itemCount, (r * 7) % data.itemCount] } : {}),
        },
        count: r % 3 === 0 ? 5 : 10,
        filters: filters[r % filters.length]!,
      },
    }));
  };
  const answers = (m: TrainedServingModel) =>
    requests().map(({ variant, request }, n) =>
      JSON.stringify(answerHere(m, variant, request, { recommendationId: `r${n}`, arm: variant, modelVersions: {} })),
    );

  it('are scored for every known user of the learned arm in training, and reported', () => {
    const lists = model.learned.lists!;
    assert.equal(lists.size().users, model.learned.data.userCount);
    assert.deepEqual(metrics.rankedLists && { users: metrics.rankedLists.users }, { users: lists.size().users });
    assert.equal(model.fusion.lists?.size().users, 0);
  });

  it('answer as the full path does, in both arms, each arm from its own lists', () => {
    const full = answers(bare);
    const stored = answers(model);
    assert.equal(stored.length, full.length);
    assert.deepEqual(
      stored.flatMap((a, n) => (a === full[n] ? [] : [n])),
      [],
    );
    assert.ok(model.learned.lists!.counts.served > 150, JSON.stringify(model.learned.lists!.counts));
    // The fusion arm ranks with another ranker: its lists fill as its users ask, never from the learned arm's.
    assert.ok(model.fusion.lists!.size().users > 0);
    assert.ok(model.fusion.lists!.counts.served > 0);
    assert.notEqual(model.fusion.lists, model.learned.lists);
  });

  it('travel with the model to another thread (a message port) and answer the same there', () => {
    // Through a message port as to a serving thread (Jest's own structuredClone does not keep shared references).
    const { port1, port2 } = new MessageChannel();
    port1.postMessage(packRecommenders([model.learned, model.fusion]));
    const packed = receiveMessageOnPort(port2)!.message as PackedRecommenders;
    port1.close();
    const [learned, fusion] = unpackRecommenders(packed);
    assert.ok(learned!.lists instanceof RankedLists && fusion!.lists instanceof RankedLists);
    const copy = { ...model, learned: learned!, fusion: fusion! };
    assert.deepEqual(answers(copy), answers(bare));
    assert.ok(copy.learned.lists!.counts.served > model.learned.lists!.counts.served);
  });
});
