import assert from 'node:assert/strict';
import { test } from '@jest/globals';
import type { RecommendRequest, RecsServed } from '@demand/contracts';
import { createLogger } from '@demand/telemetry';
import { parseArms } from '../src/domain/arms.js';
import { ModelRefresher } from '../src/domain/model-refresher.js';
import { RecommendService, type ServingModel, type TrainedModel } from '../src/domain/recommend-service.js';
import { coldModel } from '../src/domain/train-model.js';
import type { ModelTrainer } from '../src/ports/model-trainer.port.js';
import type { TrainingData } from '../src/ports/training-data.port.js';

const data = (window: string): TrainingData => ({
  items: [{ id: 'i1', title: 'tea', brand: '', category: ['food'], price: 1, stock: 1 }],
  interactions: [],
  now: 1,
  window,
});
const cold = (window: string): ServingModel => coldModel(data(window)).model;
const request = (userId: string): RecommendRequest => ({
  userId,
  page: 'home',
  currentItemId: '',
  count: 1,
  filters: undefined,
  recentItemIds: [],
});

function serviceWith(champion: ServingModel, challengerShare: number) {
  const served: RecsServed[] = [];
  let n = 0;
  const service = new RecommendService(
    champion,
    { publish: (s) => void served.push(s) },
    {
      arms: parseArms('control:learned:100'),
      armSalt: 's',
      newId: () => `r${++n}`,
      clock: () => new Date(0),
      challengerShare,
    },
  );
  return { service, served };
}

const rankers = async (service: RecommendService, users: number) => {
  const counts = new Map<string, number>();
  for (let u = 0; u < users; u++) {
    const ranker = (await service.recommend(request(`user-${u}`))).modelVersions.ranker ?? '';
    counts.set(ranker, (counts.get(ranker) ?? 0) + 1);
  }
  return counts;
};

test('a challenger serves its share of users, the same users every time; the gate promotes or drops it', async () => {
  const { service } = serviceWith(cold('a'), 0.2);
  service.setChallenger(cold('b'));
  const split = await rankers(service, 2000);
  const challengerUsers = split.get('cold_popular@b') ?? 0;
  assert.ok(challengerUsers > 300 && challengerUsers < 500, `${challengerUsers} of 2000 users on the challenger`);
  assert.deepStrictEqual(await rankers(service, 2000), split, 'users stay with their model');

  assert.equal(service.judgeChallenger('cold_popular@other', 'promote'), false, 'a decision on another version');
  assert.equal(service.judgeChallenger('cold_popular@b', 'rollback'), true);
  assert.deepStrictEqual([...(await rankers(service, 200))], [['cold_popular@a', 200]]);

  service.setChallenger(cold('c'));
  assert.equal(service.judgeChallenger('cold_popular@c', 'promote'), true);
  assert.equal(service.currentChallenger, undefined);
  assert.deepStrictEqual([...(await rankers(service, 200))], [['cold_popular@c', 200]]);
});

test('with a challenger share, a model trained while a trained one serves becomes the challenger', async () => {
  const trained = (ranker: string): TrainedModel => ({
    model: {
      ...(cold(ranker) as object),
      kind: 'trained',
      learned: { ranker: { name: 'logistic' } },
      fusion: { ranker: { name: 'rank_fusion' } },
      versions: { ranker },
    } as unknown as ServingModel,
    metrics: { interactions: 5, users: 1, items: 1 },
  });
  const runs = [trained('logistic@w1'), trained('logistic@w2')];
  const trainer: ModelTrainer = { train: async () => runs.shift()!, close: async () => undefined };
  const { service } = serviceWith(cold('none'), 0.1);
  const refresher = new ModelRefresher(
    {
      load: async () => ({ ...data('w'), interactions: [{ user: 'u', item: 'i1', kind: 'purchase', at: 0 }] as never }),
    },
    trainer,
    service,
    { minInteractions: 1, retrainMs: 0, challengerShare: 0.1 },
    createLogger({ service: 't', level: 'silent' }),
  );
  const challenger = (): string | undefined => service.currentChallenger?.versions.ranker;
  await refresher.refresh();
  assert.equal(service.current.versions.ranker, 'logistic@w1', 'the first trained model replaces the cold list');
  assert.equal(challenger(), undefined);
  await refresher.refresh();
  assert.equal(service.current.versions.ranker, 'logistic@w1');
  assert.equal(challenger(), 'logistic@w2');
});
