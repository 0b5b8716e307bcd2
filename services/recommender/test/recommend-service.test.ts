import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { credentials, type ServiceError, status } from '@grpc/grpc-js';
import {
  RecommendClient,
  RecommendService as RecommendDefinition,
  type RecommendRequest,
  type RecommendResponse,
  type RecsServed,
  type SimilarItemsRequest,
  type SimilarItemsResponse,
} from '@demand/contracts';
import { type GrpcTestServer, startGrpcTestServer } from '@demand/grpc-server/testing';
import { GRPC_TRANSPORT } from '@demand/service-runtime';
import { armOf, parseArms } from '../src/domain/arms.js';
import { RecommendService, type ServingModel } from '../src/domain/recommend-service.js';
import { trainServingModel } from '../src/domain/train-model.js';
import { RecommendGrpcController } from '../src/grpc/recommend.controller.js';
import { assertSimilarServed } from './similar-served.js';
import { SyntheticShopData } from './synthetic-shop.js';

const request = (partial: Partial<RecommendRequest>): RecommendRequest => ({
  userId: 'u-000001',
  page: 'home',
  currentItemId: '',
  count: 5,
  filters: undefined,
  recentItemIds: [],
  ...partial,
});

describe('A/B arms', () => {
  it('split users deterministically by weight', () => {
    const arms = parseArms('control:learned:80,fusion:fusion:20');
    const users = Array.from({ length: 2000 }, (_, i) => `u${i}`);
    const share = users.filter((u) => armOf(arms, u, 's').name === 'fusion').length / users.length;
    assert.ok(share > 0.16 && share < 0.24, `fusion share ${share}`);
    const again = parseArms('control:learned:80,fusion:fusion:20');
    assert.ok(users.every((u) => armOf(arms, u, 's').name === armOf(again, u, 's').name));
    assert.ok(users.some((u) => armOf(arms, u, 's').name !== armOf(arms, u, 'other salt').name));
    assert.throws(() => parseArms('a:magic:1'), /bad arm "a:magic:1"/);
    assert.throws(() => parseArms('a:learned:1,a:fusion:1'), /unique/);
  });
});

describe('Recommend over gRPC', () => {
  let model: Extract<ServingModel, { kind: 'trained' }>;
  const served: RecsServed[] = [];
  let server: GrpcTestServer;
  let client: InstanceType<typeof RecommendClient>;
  let service: RecommendService;
  const arms = parseArms('control:learned:50,fusion:fusion:50');

  beforeAll(async () => {
    const trained = trainServingModel(
      await new SyntheticShopData({ seed: 3, users: 300, items: 120, days: 28 }).load(),
    );
    assert.equal(trained.model.kind, 'trained');
    model = trained.model as typeof model;
    let n = 0;
    service = new RecommendService(
      model,
      { publish: (s) => void served.push(s) },
      {
        arms,
        armSalt: 'test',
        newId: () => `rec-${++n}`,
        clock: () => new Date(model.learned.data.now),
      },
    );
    server = await startGrpcTestServer({
      services: { 'demand.v1.Recommend': RecommendDefinition },
      controllers: [RecommendGrpcController],
      providers: [{ provide: RecommendService, useValue: service }],
      provideTransportAs: GRPC_TRANSPORT,
    });
    client = new RecommendClient(server.address, credentials.createInsecure());
  }, 60_000);

  afterAll(async () => {
    client?.close();
    await server?.close();
  });

  const recommend = (req: RecommendRequest) =>
    new Promise<RecommendResponse>((resolve, reject) =>
      client.recommend(req, (err: ServiceError | null, res: RecommendResponse) => (err ? reject(err) : resolve(res))),
    );

  const similarItems = (req: SimilarItemsRequest) =>
    new Promise<SimilarItemsResponse>((resolve, reject) =>
      client.similarItems(req, (err: ServiceError | null, res: SimilarItemsResponse) =>
        err ? reject(err) : resolve(res),
      ),
    );

  it('serves a known user a list with reasons, an arm and model versions, and publishes it', async () => {
    const user = model.learned.data.users[0]!;
    const res = await recommend(request({ userId: user }));
    assert.equal(res.items.length, 5);
    assert.equal(res.coldStart, false);
    assert.ok(res.items.every((i) => i.reasons.length > 0 && i.reasons[0]!.text.length > 0));
    assert.ok(['control', 'fusion'].includes(res.arm));
    assert.ok(res.modelVersions.ranker && res.modelVersions.als);
    const last = served.at(-1)!;
    assert.equal(last.recommendationId, res.recommendationId);
    assert.deepEqual(
      last.itemIds,
      res.items.map((i) => i.itemId),
    );
    assert.equal(last.userId, user);
  });

  it('labels an unknown user’s list as cold start', async () => {
    const res = await recommend(request({ userId: 'never-seen' }));
    assert.equal(res.coldStart, true);
    assert.equal(res.items.length, 5);
  });

  it('answers NOT_FOUND for an unknown page item and INVALID_ARGUMENT naming the field', async () => {
    await assert.rejects(recommend(request({ currentItemId: 'nope' })), (e: ServiceError) => {
      assert.equal(e.code, status.NOT_FOUND);
      assert.match(e.details, /current_item_id/);
      return true;
    });
    await assert.rejects(recommend(request({ count: 0 })), (e: ServiceError) => {
      assert.equal(e.code, status.INVALID_ARGUMENT);
      assert.match(e.details, /^count:/);
      return true;
    });
    const bad = { categories: [], brands: [], excludeBrands: [], minPrice: 10, maxPrice: 5 };
    await assert.rejects(recommend(request({ filters: bad })), (e: ServiceError) => {
      assert.equal(e.code, status.INVALID_ARGUMENT);
      assert.match(e.details, /^filters\.max_price:/);
      return true;
    });
  });

  it('SimilarItems: items like one item, or NOT_FOUND', async () => {
    const itemId = model.learned.data.items[0]!.id;
    const res = await similarItems({ itemId, count: 4, filters: undefined });
    assert.ok(res.items.length > 0 && res.items.every((i) => i.itemId !== itemId));
    const direct = await service.similarItems({ itemId, count: 4, filters: undefined });
    const [first, second] = served.filter((s) => s.method === 'similar_items').slice(-2);
    const servedAt = new Date(model.learned.data.now);
    assertSimilarServed(second, { itemId, response: direct, coldStart: false, servedAt });
    assert.deepEqual(
      first!.itemIds,
      direct.items.map((i) => i.itemId),
      'same list over gRPC',
    );
    assert.equal(first!.recommendationId, res.recommendationId);
    assert.deepEqual({ ...first!.modelVersions }, model.versions);
    assert.equal(first!.modelVersions, second!.modelVersions, 'similar lists share the model’s one versions object');
    await assert.rejects(
      similarItems({ itemId: 'nope', count: 4, filters: undefined }),
      (e: ServiceError) => e.code === status.NOT_FOUND,
    );
  });

  it('records each call under its method and status code in the server’s registry', async () => {
    const handled = async (method: string, code: string): Promise<number> => {
      const { values } = await server.registry.getSingleMetric('grpc_server_handled_total')!.get();
      const counted = values.find((v) => v.labels.method === `demand.v1.Recommend/${method}` && v.labels.code === code);
      return counted?.value ?? 0;
    };
    const before = [await handled('Recommend', 'OK'), await handled('SimilarItems', String(status.NOT_FOUND))];
    await recommend(request({ userId: model.learned.data.users[0]! }));
    await assert.rejects(
      similarItems({ itemId: 'nope', count: 4, filters: undefined }),
      (e: ServiceError) => e.code === status.NOT_FOUND,
    );
    assert.equal(await handled('Recommend', 'OK'), before[0]! + 1);
    assert.equal(await handled('SimilarItems', String(status.NOT_FOUND)), before[1]! + 1);
  });

  it('answers carry their arm variant’s ranker and the versions of the model serving when asked', async () => {
    const ranker = (userId: string) =>
      `${model[armOf(arms, userId, 'test').variant === 'fusion' ? 'fusion' : 'learned'].ranker.name}@${model.versions.data}`;
    const users = model.learned.data.users.slice(0, 20);
    for (const userId of users)
      assert.equal((await recommend(request({ userId }))).modelVersions.ranker, ranker(userId));
    assert.ok(new Set(users.map(ranker)).size === 2, 'both arms asked');
    const [first, second] = served.slice(-users.length).filter((s) => s.modelVersions.ranker === ranker(users[0]!));
    assert.equal(first!.modelVersions, second!.modelVersions, 'served lists of an arm share one versions object');
    service.replaceModel({ ...model, versions: { ...model.versions, model: 'v-next' } });
    try {
      const res = await recommend(request({ userId: users[0]! }));
      assert.equal(res.modelVersions.model, 'v-next');
      assert.equal(res.modelVersions.ranker, ranker(users[0]!));
    } finally {
      service.replaceModel(model);
    }
  });
});
