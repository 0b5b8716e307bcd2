import assert from 'node:assert/strict';
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { beforeAll, describe, it } from '@jest/globals';
import {
  HybridRecommender,
  type PackedRecommenders,
  packRecommenders,
  RankedLists,
  unpackRecommenders,
} from '@demand/recommend';
import { loadRecommenderConfig } from '../src/config.js';
import { trainServingModel } from '../src/domain/train-model.js';
import { answerHere, type TrainedServingModel } from '../src/ports/list-engine.port.js';
import { requestMix } from './request-mix.js';
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

  const requests = () => requestMix(model.learned.data, 400);
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
    assert.ok(model.learned.lists!.counts.served > 100, JSON.stringify(model.learned.lists!.counts));
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
