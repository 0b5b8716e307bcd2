import assert from 'node:assert/strict';
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { beforeAll, describe, it } from '@jest/globals';
import {
  emptyListUse,
  HybridRecommender,
  type PackedRecommenders,
  packRecommenders,
  RankedLists,
  unpackRecommenders,
} from '@demand/recommend';
import { createLogger } from '@demand/telemetry';
import { Registry } from 'prom-client';
import { ListRefreshTimer } from '../src/adapters/list-refresh-timer.js';
import { registerStoredListMetrics } from '../src/adapters/stored-list.metrics.js';
import { ServingThreads } from '../src/adapters/serving-threads.adapter.js';
import { loadRecommenderConfig } from '../src/config.js';
import { parseArms } from '../src/domain/arms.js';
import { RecommendService } from '../src/domain/recommend-service.js';
import { trainServingModel } from '../src/domain/train-model.js';
import { answerHere, emptyTally, type ListTally, type TrainedServingModel } from '../src/ports/list-engine.port.js';
import { requestMix } from './request-mix.js';
import { SyntheticShopData } from './synthetic-shop.js';

const LISTS = { length: 100, maxAgeMs: 3_600_000, refreshPerSecond: 50 };

describe('RECOMMENDER_RANKED_LIST_*', () => {
  it('keeps 100 items a user for an hour unless set; 0 turns the lists off', () => {
    assert.deepEqual(loadRecommenderConfig({}).training.rankedLists, LISTS);
    const off = loadRecommenderConfig({
      RECOMMENDER_RANKED_LIST_LENGTH: '0',
      RECOMMENDER_RANKED_LIST_MAX_AGE_MS: '60000',
    });
    assert.deepEqual(off.training.rankedLists, { length: 0, maxAgeMs: 60_000, refreshPerSecond: 50 });
    assert.throws(
      () => loadRecommenderConfig({ RECOMMENDER_RANKED_LIST_LENGTH: '-1' }),
      /RECOMMENDER_RANKED_LIST_LENGTH/,
    );
  });

  it('refuses a length under 50, which no request could be served from (its diversity window is at least 50)', () => {
    assert.equal(loadRecommenderConfig({ RECOMMENDER_RANKED_LIST_LENGTH: '50' }).training.rankedLists.length, 50);
    for (const length of ['1', '49'])
      assert.throws(
        () => loadRecommenderConfig({ RECOMMENDER_RANKED_LIST_LENGTH: length }),
        /RECOMMENDER_RANKED_LIST_LENGTH.*expected 0 \(no lists\) or at least 50/s,
      );
  });
});

describe('a trained model with per-user ranked lists', () => {
  let model: TrainedServingModel;
  let bare: TrainedServingModel;
  let metrics: ReturnType<typeof trainServingModel>['metrics'];

  beforeAll(async () => {
    const data = await new SyntheticShopData({ seed: 3, users: 300, items: 120, days: 28 }).load();
    const trained = trainServingModel(data, { ...LISTS, now: data.now });
    assert.equal(trained.model.kind, 'trained');
    model = trained.model as TrainedServingModel;
    metrics = trained.metrics;
    // The same trained model without lists: every request scored in full.
    const without = (r: HybridRecommender) =>
      new HybridRecommender(r.data, r.sources, r.ranker, r.perSource, r.coldRanker);
    bare = { ...model, learned: without(model.learned), fusion: without(model.fusion) };
  });

  const requests = () => requestMix(model.learned.data, 400);
  const answers = (m: TrainedServingModel, tally?: ListTally) =>
    requests().map(({ variant, request }, n) =>
      JSON.stringify(
        answerHere(m, variant, request, { recommendationId: `r${n}`, arm: variant, modelVersions: {} }, tally),
      ),
    );

  it('are scored for every known user of the learned arm in training, and reported', () => {
    const lists = model.learned.lists!;
    assert.equal(lists.size().users, model.learned.data.userCount);
    assert.deepEqual(metrics.rankedLists && { users: metrics.rankedLists.users }, { users: lists.size().users });
    assert.equal(model.fusion.lists?.size().users, 0);
  });

  it('answer as the full path does, in both arms, each arm from its own lists', () => {
    const tally = emptyTally();
    const full = answers(bare, tally);
    assert.deepEqual(tally, emptyTally(), 'a model without lists counts nothing');
    const stored = answers(model, tally);
    assert.equal(stored.length, full.length);
    assert.deepEqual(
      stored.flatMap((a, n) => (a === full[n] ? [] : [n])),
      [],
    );
    assert.ok(tally.learned.served > 100, JSON.stringify(tally));
    // The fusion arm ranks with another ranker: its lists fill as its users ask, never from the learned arm's.
    assert.ok(model.fusion.lists!.size().users > 0);
    assert.ok(tally.fusion.served > 0 && tally.fusion.scoredFor.no_list > 0, JSON.stringify(tally));
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
    const tally = emptyTally();
    assert.deepEqual(answers(copy, tally), answers(bare));
    assert.ok(tally.learned.served > 100, JSON.stringify(tally));
  });

  it('are scored again off the request path through the service, here or on the serving threads', async () => {
    const { data } = model.learned;
    const lists = model.learned.rankUsers(data.now - 40 * 60_000, 100, 3_600_000);
    // Lists that answered requests since they were scored are the ones scored again.
    for (let u = 0; u < 10; u++) {
      assert.equal(lists.unreadable(u, data.now), undefined);
      lists.served(u);
    }
    const options = {
      arms: parseArms('control:learned:1'),
      armSalt: 's',
      newId: () => 'r',
      clock: () => new Date(data.now),
    };
    const here = new RecommendService(model, { publish: () => undefined }, options);
    here.refreshLists(5);
    const refreshedHere = () => lists.at.filter((at) => at === data.now).length;
    assert.equal(refreshedHere(), 5);
    assert.equal(here.listTally().learned.refreshed, 5);
    const threads = new ServingThreads(1, createLogger({ service: 'recommender', level: 'silent' }));
    try {
      const service = new RecommendService(model, { publish: () => undefined }, { ...options, lists: threads });
      for (let waited = 0; !threads.ready(model); waited += 20) {
        assert.ok(waited < 20_000, 'the thread never took the model');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      service.refreshLists(4);
      for (let waited = 0; threads.tally().learned.refreshed < 4; waited += 20) {
        assert.ok(waited < 20_000, `the thread refreshed ${threads.tally().learned.refreshed}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      // The thread's own copy was refreshed: this thread's lists are as they were.
      assert.equal(refreshedHere(), 5);
      // Requests answered on the thread are counted there and reach this thread with the answers.
      const request = { page: 'home', currentItemId: '', count: 5, filters: undefined, recentItemIds: [] };
      for (const userId of data.users.slice(20, 30)) await service.recommend({ ...request, userId });
      assert.deepEqual(service.listTally().learned, { ...emptyListUse(), served: 10, refreshed: 4 });
    } finally {
      await threads.close();
    }
  });
});

describe('ListRefreshTimer', () => {
  it('asks for a few lists at a time at the rate set, and stops; 0 = never', async () => {
    const budgets: number[] = [];
    const timer = new ListRefreshTimer({ refreshLists: (budget: number) => void budgets.push(budget) }, 400);
    timer.start();
    await new Promise((resolve) => setTimeout(resolve, 120));
    timer.stop();
    const asked = budgets.length;
    assert.ok(asked >= 3 && !budgets.some((b) => b !== 4), JSON.stringify(budgets));
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(budgets.length, asked);
    const never = new ListRefreshTimer({ refreshLists: (budget: number) => void budgets.push(budget) }, 0);
    never.start();
    await new Promise((resolve) => setTimeout(resolve, 50));
    never.stop();
    assert.equal(budgets.length, asked);
  });

  it('is not made when lists are off or refreshed only by requests', () => {
    const service = { refreshLists: () => undefined };
    assert.ok(ListRefreshTimer.when(service, { length: 100, refreshPerSecond: 50 }) instanceof ListRefreshTimer);
    assert.equal(ListRefreshTimer.when(service, { length: 0, refreshPerSecond: 50 }), undefined);
    assert.equal(ListRefreshTimer.when(service, { length: 100, refreshPerSecond: 0 }), undefined);
  });
});

describe('recommender_stored_lists_total', () => {
  it('exports what the list engine counted, per outcome, reason and arm variant, at each scrape', async () => {
    const registry = new Registry();
    const tally = emptyTally();
    registerStoredListMetrics(registry, () => tally);
    tally.learned.served = 7;
    tally.fusion.refreshed = 2;
    tally.learned.scoredFor.short_for_filters = 3;
    const text = await registry.metrics();
    assert.match(text, /recommender_stored_lists_total\{outcome="served",variant="learned"\} 7/);
    assert.match(text, /recommender_stored_lists_total\{outcome="refreshed",variant="fusion"\} 2/);
    assert.match(
      text,
      /recommender_stored_lists_total\{outcome="scored",variant="learned",reason="short_for_filters"\} 3/,
    );
    assert.match(text, /recommender_stored_lists_total\{outcome="scored",variant="learned",reason="no_list"\} 0/);
    tally.learned.served = 9;
    assert.match(await registry.metrics(), /recommender_stored_lists_total\{outcome="served",variant="learned"\} 9/);
  });
});
