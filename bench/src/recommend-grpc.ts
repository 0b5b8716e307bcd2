// The gRPC path of Recommend: the recommender service started from its own start function on a
// local broker (served lists really go to recs.served.v1 and its recommender_served_lists table), called over
// a real channel by each load generator given (h2load processes, or the lean Node caller in a
// thread of its own), so the service's thread is measured by its own CPU. It trains as deployed: the shop is written to the aggregator's tables
// in the service's in-process ClickHouse first, and the calls start once the trained model has
// replaced the cold list. The same server's health check (grpc-js alone, no Nest) is the floor.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { credentials, type ServiceError } from '@grpc/grpc-js';
import { createAnalyticsStore, runMigrations } from '@demand/analytics-store';
import { allTopicNames, RecommendClient, RecommendRequest, type RecommendResponse } from '@demand/contracts';
import { startLocalBroker } from '@demand/kafka-broker';
import { loadRecommenderConfig, RecommendService, startRecommender } from '@demand/recommender';
import type { Interaction, ItemInfo } from '@demand/recommend';
import { createLogger } from '@demand/telemetry';
import { grpcFrame } from './grpc-load.js';
import { healthTarget, type LoaderRun, measureBesideHealth, microseconds } from './grpc-load-measure.js';
import type { Loader, Target } from './grpc-loaders.js';
import { median } from './report.js';

const aggregatorMigrations = fileURLToPath(new URL('../../../services/aggregator/migrations', import.meta.url));

/** The shop as the aggregator stores it: catalog rows and behaviour event rows. */
async function writeShop(dataDir: string, items: readonly ItemInfo[], interactions: readonly Interaction[]) {
  const store = createAnalyticsStore({ mode: 'embedded', path: dataDir });
  try {
    await runMigrations(store, { owner: 'aggregator', directory: aggregatorMigrations });
    const at = (ms: number) => new Date(ms).toISOString();
    await store.insert(
      'items',
      items.map((i) => ({
        item_id: i.id,
        title: i.title,
        description: '',
        brand: i.brand,
        category_path: i.category,
        price: i.price,
        currency: 'CNY',
        attributes: {},
        stock: i.stock,
        updated_at: at(0),
      })),
    );
    for (let from = 0; from < interactions.length; from += 100_000) {
      const rows = interactions.slice(from, from + 100_000).map((e, n) => ({
        event_id: `e${from + n}`,
        kind: e.kind,
        user_id: e.user,
        session_id: e.session ?? '',
        item_id: e.item,
        occurred_at: at(e.at),
        received_at: at(e.at),
        source: 'bench',
        quantity: e.kind === 'purchase' ? 1 : 0,
        unit_price: 0,
        currency: 'CNY',
        rating: 0,
        text: '',
        query: '',
        order_id: '',
        flags: [],
      }));
      await store.insert('clean_events', rows);
    }
  } finally {
    await store.close();
  }
}

export interface GrpcRun {
  /** RECOMMENDER_SERVING_WORKERS of this run. */
  servingWorkers: number;
  /** The same loads from each load generator, the first the one the figures are read from. */
  loads: LoaderRun[];
  /** CPU (ms) a request of the same mix computed in memory on the service's trained model, from its stored lists. */
  inMemoryCpu: number;
  /** The same, every request scored in full (the lists set aside), measured alternately with it. */
  inMemoryFullCpu: number;
  catalog: number;
}

/**
 * Recommend calls, top 10, a price filter on half of them: `requests` at `rate`/s, then flat out
 * from `callers`, from each loader; once per serving-thread count, each a fresh service on the
 * same store and broker.
 */
export async function recommendOverGrpc(
  options: { requests: number; rate: number; callers: number; servingWorkers: readonly number[] },
  shop: { items: readonly ItemInfo[]; interactions: readonly Interaction[] },
  loaders: readonly Loader[],
): Promise<GrpcRun[]> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bench-recommender-'));
  await writeShop(path.join(dataDir, 'clickhouse'), shop.items, shop.interactions);
  const broker = await startLocalBroker({ brokers: 1, topics: allTopicNames() });
  try {
    const runs: GrpcRun[] = [];
    for (const servingWorkers of options.servingWorkers)
      runs.push(await measureService({ ...options, servingWorkers }, shop, dataDir, broker.bootstrapServers, loaders));
    return runs;
  } finally {
    await broker.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function measureService(
  options: { requests: number; rate: number; callers: number; servingWorkers: number },
  shop: { items: readonly ItemInfo[]; interactions: readonly Interaction[] },
  dataDir: string,
  brokers: readonly string[],
  loaders: readonly Loader[],
): Promise<GrpcRun> {
  const config = loadRecommenderConfig({
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: '0',
    GRPC_HOST: '127.0.0.1',
    GRPC_PORT: '0',
    KAFKA_BROKERS: brokers.join(','),
    LOG_LEVEL: 'warn',
    ANALYTICS_DATA_DIR: path.join(dataDir, 'clickhouse'),
    RECOMMENDER_MODELS_DIR: path.join(dataDir, 'models'),
    RECOMMENDER_HISTORY_DAYS: '3650',
    RECOMMENDER_SERVING_WORKERS: String(options.servingWorkers),
  });
  const logger = createLogger({ service: 'recommender', level: 'warn', destination: process.stderr as never });
  const service = await startRecommender(config, logger);
  const address = `127.0.0.1:${service.grpcPort}`;
  const userIds = [...new Set(shop.interactions.map((e) => e.user))];
  const request = (r: number): RecommendRequest => ({
    userId: userIds[(r * 7919) % userIds.length]!,
    page: 'home',
    currentItemId: '',
    count: 10,
    filters: r % 2 ? { categories: [], brands: [], excludeBrands: [], maxPrice: 300 } : undefined,
    recentItemIds: [],
  });
  try {
    // Training runs in a worker from start-up; until it is done the service serves the cold list.
    const client = new RecommendClient(address, credentials.createInsecure());
    const call = (req: RecommendRequest) =>
      new Promise<RecommendResponse>((resolve, reject) =>
        client.recommend(req, (err: ServiceError | null, res: RecommendResponse) => (err ? reject(err) : resolve(res))),
      );
    while (!(await call(request(0))).modelVersions.als) await new Promise((resolve) => setTimeout(resolve, 500));
    // The serving threads get the model a moment after it swaps in (it is copied to each).
    const recommender = service.app.get(RecommendService);
    while (!recommender.listsReady) await new Promise((resolve) => setTimeout(resolve, 200));
    client.close();
    const requests = Array.from({ length: Math.min(options.requests, 2000) }, (_, r) => request(r));
    const recommend: Target = {
      address,
      path: '/demand.v1.Recommend/Recommend',
      frames: requests.map((r) => grpcFrame(RecommendRequest.encode(r).finish())),
    };
    const health = healthTarget(address, recommend.frames.length); // the floor in the load's shape (h2load: a process a frame)
    const loads: LoaderRun[] = [];
    for (const loader of loaders)
      loads.push(
        await measureBesideHealth(loader, recommend, health, {
          calls: options.requests,
          warmUpCalls: Math.min(options.requests, 1000),
          rate: options.rate,
          callers: options.callers,
        }),
      );
    return {
      servingWorkers: options.servingWorkers,
      loads,
      ...inMemoryCpu(recommender, requests),
      catalog: shop.items.length,
    };
  } finally {
    await service.close();
  }
}

/**
 * CPU (ms) a request of `requests` on the service's trained model, called in this thread without
 * gRPC: from the stored lists and scored in full, three rounds each, alternated; medians.
 */
function inMemoryCpu(
  service: RecommendService,
  requests: readonly RecommendRequest[],
): Pick<GrpcRun, 'inMemoryCpu' | 'inMemoryFullCpu'> {
  const model = service.current;
  if (model.kind !== 'trained') throw new Error('the service serves no trained model');
  const { learned } = model;
  const { lists } = learned;
  const now = Date.now();
  const round = (withLists: boolean) => {
    learned.lists = withLists ? lists : undefined;
    const cpu = process.threadCpuUsage();
    for (const r of requests)
      learned.recommend({
        context: { user: learned.data.userIndex.get(r.userId) ?? -1, now, currentItem: -1 },
        count: r.count,
        filters: r.filters?.maxPrice === undefined ? {} : { maxPrice: r.filters.maxPrice },
      });
    return microseconds(process.threadCpuUsage(cpu)) / 1000 / requests.length;
  };
  const stored: number[] = [];
  const full: number[] = [];
  for (let k = 0; k < 3; k++) {
    full.push(round(false));
    stored.push(round(true));
  }
  learned.lists = lists;
  return { inMemoryCpu: median(stored), inMemoryFullCpu: median(full) };
}
