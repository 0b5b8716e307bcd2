// The gRPC path of Recommend: the recommender service started from its own start function on a
// local broker (served lists really go to recs.served.v1), called over a real channel.
import { credentials, type ServiceError } from '@grpc/grpc-js';
import { allTopicNames, RecommendClient, type RecommendRequest, type RecommendResponse } from '@demand/contracts';
import { startLocalBroker } from '@demand/kafka-broker';
import { loadRecommenderConfig, startRecommender } from '@demand/recommender';
import { createLogger } from '@demand/telemetry';

export interface GrpcLatency {
  p50: number;
  p99: number;
  rps: number;
  catalog: number;
}

/** `requests` Recommend calls from `callers` concurrent callers, top 10, a filter on half of them. */
export async function recommendOverGrpc(requests: number, callers: number, shop: Record<string, string>) {
  const broker = await startLocalBroker({ brokers: 1, topics: allTopicNames() });
  const config = loadRecommenderConfig({
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: '0',
    GRPC_HOST: '127.0.0.1',
    GRPC_PORT: '0',
    KAFKA_BROKERS: broker.bootstrapServers.join(','),
    LOG_LEVEL: 'warn',
    ...shop,
  });
  const logger = createLogger({ service: 'recommender', level: 'warn', destination: process.stderr as never });
  const service = await startRecommender(config, logger);
  const client = new RecommendClient(`127.0.0.1:${service.grpcPort}`, credentials.createInsecure());
  const call = (req: RecommendRequest) =>
    new Promise<RecommendResponse>((resolve, reject) =>
      client.recommend(req, (err: ServiceError | null, res: RecommendResponse) => (err ? reject(err) : resolve(res))),
    );
  const users = Number(shop.RECOMMENDER_BOOTSTRAP_USERS ?? 400);
  const request = (r: number): RecommendRequest => ({
    userId: `u-${String(1 + ((r * 7919) % users)).padStart(6, '0')}`,
    page: 'home',
    currentItemId: '',
    count: 10,
    filters: r % 2 ? { categories: [], brands: [], excludeBrands: [], maxPrice: 300 } : undefined,
    recentItemIds: [],
  });
  try {
    for (let r = 0; r < 50; r++) await call(request(r));
    const latencies: number[] = [];
    let next = 0;
    const started = performance.now();
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
    latencies.sort((a, b) => a - b);
    return {
      p50: latencies[Math.floor(latencies.length * 0.5)]!,
      p99: latencies[Math.floor(latencies.length * 0.99)]!,
      rps: requests / seconds,
      catalog: Number(shop.RECOMMENDER_BOOTSTRAP_ITEMS ?? 300),
    };
  } finally {
    client.close();
    await service.close();
    await broker.stop();
  }
}
