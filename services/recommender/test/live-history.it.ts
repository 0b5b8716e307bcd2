import assert from 'node:assert/strict';
import { afterAll, beforeAll, test } from '@jest/globals';
import { Registry } from 'prom-client';
import { KafkaEventBus } from '@demand/bus';
import { allTopicNames, CleanEvent, RecommendRequest, Topics } from '@demand/contracts';
import { type LocalBroker, startLocalBroker } from '@demand/kafka-broker';
import { createLogger } from '@demand/telemetry';
import { LiveHistoryFollower } from '../src/adapters/live-history-follower.adapter.js';
import { parseArms } from '../src/domain/arms.js';
import { RecentHistory } from '../src/domain/recent-history.js';
import { RecommendService } from '../src/domain/recommend-service.js';
import { trainServingModel } from '../src/domain/train-model.js';
import type { TrainedServingModel } from '../src/ports/list-engine.port.js';
import { SyntheticShopData } from './synthetic-shop.js';

const logger = createLogger({ service: 'recommender-it', level: 'warn', destination: process.stderr as never });
let broker: LocalBroker;
let bus: KafkaEventBus;
let producer: KafkaEventBus;
let model: TrainedServingModel;
let history: RecentHistory;
let follower: LiveHistoryFollower;
let service: RecommendService;

const newBus = (clientId: string) =>
  new KafkaEventBus({ clientId, brokers: broker.bootstrapServers, logger, metricsRegistry: new Registry() });

beforeAll(async () => {
  broker = await startLocalBroker({ brokers: 1, topics: allTopicNames() });
  bus = newBus('recommender-live-it');
  producer = newBus('preprocessor-it');
  const data = await new SyntheticShopData({ seed: 3, users: 300, items: 120, days: 28 }).load();
  model = trainServingModel(data, { length: 100, maxAgeMs: 3_600_000, refreshPerSecond: 0, now: data.now })
    .model as TrainedServingModel;
  history = new RecentHistory({ maxUsers: 1000, perUser: 50 });
  follower = new LiveHistoryFollower(bus, history, { marginMs: 600_000 }, logger);
  service = new RecommendService(
    model,
    { publish: () => undefined },
    {
      arms: parseArms('control:learned:100'),
      armSalt: 'it',
      newId: () => 'rec',
      clock: () => new Date(),
      history,
    },
  );
}, 120_000);

afterAll(async () => {
  await follower?.stop();
  await bus?.close();
  await producer?.close();
  await broker?.stop();
});

/** Behaviour events as the preprocessor writes them: batched records on events.clean.v1. */
const publish = (events: { user: string; item: string; kind: 'view' | 'purchase' }[]) =>
  producer.publish(
    Topics.eventsClean,
    events.map(({ user, item, kind }, n) =>
      CleanEvent.fromPartial({
        event: {
          eventId: `${user}-${item}-${kind}-${n}`,
          userId: user,
          sessionId: `${user}-s`,
          occurredAt: new Date(),
          receivedAt: new Date(),
          source: 'web',
          payload: (kind === 'view'
            ? { $case: 'view', view: { itemId: item } }
            : { $case: 'purchase', purchase: { itemId: item, orderId: `o-${n}`, quantity: 1, unitPrice: 5 } }) as never,
        },
        flags: [],
      }),
    ),
    { batched: true },
  );

const until = async (done: () => boolean, what: string) => {
  for (let waited = 0; !done(); waited += 50) {
    assert.ok(waited < 20_000, `timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

const ask = (userId: string) => RecommendRequest.fromPartial({ userId, page: 'home', count: 10 });

test('events.clean.v1 read from the training cutoff: a purchase after training leaves the next answer, a new user’s views fold in, a forget drops them', async () => {
  const user = model.learned.data.users[7]!;
  const before = await service.recommend(ask(user));
  const bought = before.items.find((i) => !i.reasons.some((r) => r.source === 'replenish'))!.itemId;
  const cold = await service.recommend(ask('newcomer'));
  assert.equal(cold.coldStart, true);

  // Written before the follower starts, after the (wall-clock) cutoff it reads from.
  await publish([{ user, item: bought, kind: 'purchase' }]);
  follower.modelServing(Date.now() - 60_000);
  await until(() => history.of(user) !== undefined, 'the purchase');

  const viewed = model.learned.data.items.slice(40, 43).map((i) => i.id);
  await publish(viewed.map((item) => ({ user: 'newcomer', item, kind: 'view' as const })));
  await until(() => history.of('newcomer')?.events.length === 3, 'the views');

  const after = await service.recommend(ask(user));
  assert.ok(!after.items.some((i) => i.itemId === bought), `${bought} bought after training is still recommended`);
  const folded = await service.recommend(ask('newcomer'));
  assert.equal(folded.coldStart, false);
  assert.notDeepEqual(
    folded.items.map((i) => i.itemId),
    cold.items.map((i) => i.itemId),
  );
  assert.equal(follower.readinessDetail().state, 'following');
  assert.equal(follower.eventsTaken, 4);

  // privacy.forget.v1 drops what the history holds of a user: back to the cold list.
  await producer.publish(Topics.usersForgotten, [{ storedIds: ['newcomer'], requestedAt: new Date() }]);
  await until(() => history.of('newcomer') === undefined, 'the forget');
  assert.equal((await service.recommend(ask('newcomer'))).coldStart, true);
}, 60_000);
