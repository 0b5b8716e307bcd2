// The gRPC path of Recommend: the recommender service started as deployed, its own process from its
// production entry point (RECOMMENDER_NODE_OPTIONS of the bench's environment is its NODE_OPTIONS,
// RECOMMEND_GRPC_NODE_ARGS more flags on its node command, e.g. V8's that NODE_OPTIONS refuses), on a
// local broker (served lists really go to recs.served.v1 and its recommender_served_lists table), called
// over a real channel by each load generator given (h2load processes, or the lean Node caller in a
// thread of the bench), so the service's process and its gRPC thread are measured by their own CPU
// (/proc) and nothing of the bench shares its heap. It trains as deployed: the shop is written to the
// aggregator's tables in the service's ClickHouse first, and the calls start once the trained model has
// replaced the cold list. The same server's health check (grpc-js alone, no Nest) is the floor. Its own
// /metrics give each load's garbage collections and event-loop delay.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { credentials, type ServiceError } from '@grpc/grpc-js';
import { createAnalyticsStore, runMigrations } from '@demand/analytics-store';
import { allTopicNames, RecommendClient, RecommendRequest, type RecommendResponse } from '@demand/contracts';
import { startLocalBroker } from '@demand/kafka-broker';
import type { Interaction, ItemInfo } from '@demand/recommend';
import { startServiceProcess } from '@demand/service-process';
import { grpcFrame } from './grpc-load.js';
import { allocationProbe, inspectorUrl } from './allocation-probe.js';
import { healthTarget, type LoaderRun, type LoadProbe, measureBesideHealth } from './grpc-load-measure.js';
import type { Loader, Target } from './grpc-loaders.js';
import { processCpu } from './server-cpu.js';
import { serviceSettings } from './service-node-options.js';
import { metricsProbe } from './service-probe.js';
import { stallProbe } from './stall-probe.js';
import { probes, threadCpuProbe } from './thread-cpu-probe.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const aggregatorMigrations = path.join(root, 'services/aggregator/migrations');
/** More flags on the service's node command (V8 flags NODE_OPTIONS does not take, e.g. --trace-gc). */
const nodeArgs = (process.env.RECOMMEND_GRPC_NODE_ARGS ?? '').split(' ').filter(Boolean);
/** A folder where each service's output (its log, --trace-gc lines) is written when it stops. */
const outputDir = process.env.RECOMMEND_GRPC_SERVICE_OUTPUT;
/** Set (to anything): the service's event-loop gaps recorded (stall-recorder.ts) and described for each load. */
const recordStalls = Boolean(process.env.RECOMMEND_GRPC_STALLS);
const stallRecorder = fileURLToPath(new URL('./stall-recorder.js', import.meta.url));
/** `collected` or `alive`: each load's allocations sampled in the service (allocation-probe.ts) instead of its /metrics. */
const allocations = process.env.RECOMMEND_GRPC_ALLOCATIONS;

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

/** One service process: its serving threads and more flags on its node command. */
export interface ServiceRun {
  servingWorkers: number;
  nodeArgs?: readonly string[];
  /** More settings of the service's environment, over the bench's `RECOMMENDER_…` ones. */
  env?: Readonly<Record<string, string>>;
  /** What looks into the service around each load; its own /metrics and CPU by thread by default. */
  probe?: (httpPort: number) => LoadProbe;
}

export interface GrpcRun extends ServiceRun {
  /** The same loads from each load generator, the first the one the figures are read from. */
  loads: LoaderRun[];
  catalog: number;
  /** The machine's 1-minute load average as the loads ended. */
  loadAverage: number;
}

/**
 * Recommend calls, top 10, a price filter on half of them: `requests` at `rate`/s, then flat out
 * from `callers`, from each loader; once per service run, each a fresh service process (trained
 * anew) on the same store and broker.
 */
export async function recommendOverGrpc(
  options: { requests: number; rate: number; callers: number; services: readonly ServiceRun[] },
  shop: { items: readonly ItemInfo[]; interactions: readonly Interaction[] },
  loaders: readonly Loader[],
): Promise<GrpcRun[]> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bench-recommender-'));
  await writeShop(path.join(dataDir, 'clickhouse'), shop.items, shop.interactions);
  const broker = await startLocalBroker({ brokers: 1, topics: allTopicNames() });
  try {
    const runs: GrpcRun[] = [];
    for (const [n, run] of options.services.entries())
      runs.push(await measureService({ ...options, ...run, n }, shop, dataDir, broker, loaders));
    return runs;
  } finally {
    await broker.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function measureService(
  options: { requests: number; rate: number; callers: number; n: number } & ServiceRun,
  shop: { items: readonly ItemInfo[]; interactions: readonly Interaction[] },
  dataDir: string,
  broker: { bootstrapServers: readonly string[]; pid: number },
  loaders: readonly Loader[],
): Promise<GrpcRun> {
  const stallFile = path.join(dataDir, `stalls-${options.n}.txt`);
  const service = await startServiceProcess({
    root,
    name: 'recommender',
    env: {
      // The `recommender started` line that carries the ports is an info line.
      LOG_LEVEL: 'info',
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: '0',
      GRPC_HOST: '127.0.0.1',
      GRPC_PORT: '0',
      KAFKA_BROKERS: broker.bootstrapServers.join(','),
      KAFKAJS_NO_PARTITIONER_WARNING: '1',
      ANALYTICS_DATA_DIR: path.join(dataDir, 'clickhouse'),
      RECOMMENDER_MODELS_DIR: path.join(dataDir, 'models'),
      RECOMMENDER_HISTORY_DAYS: '3650',
      ...serviceSettings('recommender'),
      ...options.env,
      RECOMMENDER_SERVING_WORKERS: String(options.servingWorkers),
      ...(recordStalls ? { STALL_RECORD_FILE: stallFile } : {}),
    },
    nodeArgs: [
      '--enable-source-maps',
      ...nodeArgs,
      ...(options.nodeArgs ?? []),
      ...(allocations ? ['--inspect=127.0.0.1:0'] : []),
      ...(recordStalls ? ['--import', stallRecorder] : []),
    ],
  });
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
    client.close();
    // The serving threads get the model a moment after it swaps in (it is copied to each): /readyz says when.
    const listsEverywhere = async () => {
      const ready = JSON.parse(await (await fetch(`http://127.0.0.1:${service.httpPort}/readyz`)).text());
      return ready.detail?.['serving lists']?.everywhere === true;
    };
    while (!(await listsEverywhere())) await new Promise((resolve) => setTimeout(resolve, 200));
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
          server: processCpu(service.child.pid!),
          probe: allocations
            ? allocationProbe(inspectorUrl(service.output())!, {
                collected: allocations === 'collected',
                ...(outputDir ? { keepIn: path.join(outputDir, `recommender-${options.n}`) } : {}),
              })
            : (options.probe?.(service.httpPort) ??
              probes(
                metricsProbe(service.httpPort),
                threadCpuProbe(service.child.pid!, [
                  { name: 'broker', pid: broker.pid },
                  { name: 'bench', pid: process.pid },
                ]),
                ...(recordStalls ? [stallProbe(stallFile)] : []),
              )),
        }),
      );
    return {
      servingWorkers: options.servingWorkers,
      ...(options.nodeArgs ? { nodeArgs: options.nodeArgs } : {}),
      loads,
      catalog: shop.items.length,
      loadAverage: loadavg()[0]!,
    };
  } finally {
    const code = await service.stop();
    if (outputDir) writeFileSync(path.join(outputDir, `recommender-${options.n}.log`), service.output());
    if (code !== 0)
      process.stderr.write(`recommender stopped with status ${code}:\n${service.output().slice(-2000)}\n`);
  }
}
