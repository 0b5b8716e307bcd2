// The recommender service the per-call benches call (recommend-call-allocations in process, and
// recommend-grpc-call-allocations behind the gRPC controller): a test-kit shop trained in process, two
// arms, served lists queued in the topic's 100 ms and the table's 1 s batches (the topic's by the service's
// BusServedLists, encoded into records as KafkaEventBus does, then sent nowhere), and the requests, a price
// filter on every other one.
import { type EventBus, singleRecords } from '@demand/bus';
import type { RecommendRequest } from '@demand/contracts';
import {
  BatchedServedLists,
  BusServedLists,
  parseArms,
  RecommendService,
  ServedListsToAll,
  trainServingModel,
} from '@demand/recommender';
import { createLogger } from '@demand/telemetry';
import { shopData } from './recommend-shop.js';

export function recommendCallService(options: { items: number; calls: number }) {
  const { items, interactions, startMs } = shopData({ seed: 5, users: 2000, items: options.items, days: 28 });
  const now = startMs + 28 * 86_400_000;
  const { model } = trainServingModel(
    { items, interactions, now, window: 'w' },
    { now, length: 100, maxAgeMs: 3.6e9, refreshPerSecond: 0 },
  );
  if (model.kind !== 'trained') throw new Error('the shop trained no model');
  const logger = createLogger({ service: 'bench', level: 'silent' });
  const encodingBus: Pick<EventBus, 'publish'> = {
    publish: async (topic, messages, options) => void singleRecords(topic, messages, {}, options?.encodedParts),
  };
  const table = { name: 'nowhere', send: async () => undefined };
  const served = new ServedListsToAll([
    new BusServedLists(encodingBus as EventBus, logger, 100, 500),
    new BatchedServedLists(table, logger, 1000, 5000),
  ]);
  let id = 0;
  const service = new RecommendService(model, served, {
    arms: parseArms('control:learned:0.5,fusion:fusion:0.5'),
    armSalt: 's',
    newId: () => `00000000-0000-4000-8000-${String(++id).padStart(12, '0')}`,
    clock: () => new Date(now),
  });
  const { data } = model.learned;
  const price = { categories: [], brands: [], excludeBrands: [], maxPrice: 300 };
  const requests: RecommendRequest[] = Array.from({ length: options.calls }, (_, r) => ({
    userId: data.users[(r * 7919) % data.userCount]!,
    count: 10,
    page: 'home',
    currentItemId: '',
    recentItemIds: [],
    ...(r % 2 ? { filters: price } : {}),
  }));
  return { service, served, requests };
}
