// The gRPC path of Recommend: the recommender service started from its own start function on a
// local broker (served lists really go to recs.served.v1), called over a real channel. It trains
// as deployed: the shop is written to the aggregator's tables in the service's in-process
// ClickHouse first, and the calls start once the trained model has replaced the cold list.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { credentials, type ServiceError } from '@grpc/grpc-js';
import { createAnalyticsStore, runMigrations } from '@demand/analytics-store';
import { allTopicNames, RecommendClient, type RecommendRequest, type RecommendResponse } from '@demand/contracts';
import { startLocalBroker } from '@demand/kafka-broker';
import { loadRecommenderConfig, startRecommender } from '@demand/recommender';
import type { Interaction, ItemInfo } from '@demand/recommend';
import { createLogger } from '@demand/telemetry';

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

export interface GrpcLatency {
  p50: number;
  p99: number;
  rps: number;
  /** CPU of the whole process (server, callers, served-list publishing; all threads) per request, ms. */
  cpuPerRequest: number;
  catalog: number;
}

/** `requests` Recommend calls from `callers` concurrent callers, top 10, a filter on half of them. */
export async function recommendOverGrpc(
  requests: number,
  callers: number,
  shop: { items: readonly ItemInfo[]; interactions: readonly Interaction[] },
) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bench-recommender-'));
  await writeShop(path.join(dataDir, 'clickhouse'), shop.items, shop.interactions);
  const broker = await startLocalBroker({ brokers: 1, topics: allTopicNames() });
  const config = loadRecommenderConfig({
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: '0',
    GRPC_HOST: '127.0.0.1',
    GRPC_PORT: '0',
    KAFKA_BROKERS: broker.bootstrapServers.join(','),
    LOG_LEVEL: 'warn',
    ANALYTICS_DATA_DIR: path.join(dataDir, 'clickhouse'),
    RECOMMENDER_MODELS_DIR: path.join(dataDir, 'models'),
    RECOMMENDER_HISTORY_DAYS: '3650',
  });
  const logger = createLogger({ service: 'recommender', level: 'warn', destination: process.stderr as never });
  const service = await startRecommender(config, logger);
  const client = new RecommendClient(`127.0.0.1:${service.grpcPort}`, credentials.createInsecure());
  const call = (req: RecommendRequest) =>
    new Promise<RecommendResponse>((resolve, reject) =>
      client.recommend(req, (err: ServiceError | null, res: RecommendResponse) => (err ? reject(err) : resolve(res))),
    );
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
    while (!(await call(request(0))).modelVersions.als) await new Promise((resolve) => setTimeout(resolve, 500));
    for (let r = 0; r < 50; r++) await call(request(r));
    const latencies: number[] = [];
    let next = 0;
    const started = performance.now();
    const cpu = process.cpuUsage();
    await Promise.all(
      Array.from({ length: callers }, async () => {
        while (next < requests) {
          const r = next++;
          const begin = performance.now();
          await call(request(r));
          latencies.push(performance.now() - begin);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    latencies.sort((a, b) => a - b);
    return {
      p50: latencies[Math.floor(latencies.length * 0.5)]!,
      p99: latencies[Math.floor(latencies.length * 0.99)]!,
      rps: requests / seconds,
      cpuPerRequest: (used.user + used.system) / 1000 / requests,
      catalog: shop.items.length,
    };
  } finally {
    client.close();
    await service.close();
    await broker.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
