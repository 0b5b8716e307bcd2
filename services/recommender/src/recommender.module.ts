import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Module, type DynamicModule } from '@nestjs/common';
import type { AnalyticsStore } from '@demand/analytics-store';
import type { EventBus } from '@demand/bus';
import { DirectoryModelStore } from '@demand/model-store';
import { RecommendService as RecommendDefinition } from '@demand/contracts';
import {
  ANALYTICS_STORE,
  analyticsStoreProvider,
  busTransportProvider,
  EVENT_BUS,
  eventBusProvider,
  grpcTransportProviders,
  LIFECYCLE,
  type Lifecycle,
  LOGGER,
  METRICS_REGISTRY,
  READINESS,
  type Readiness,
  ServiceRuntimeModule,
  type SharedInfrastructure,
} from '@demand/service-runtime';
import type { Logger } from '@demand/telemetry';
import type { Registry } from 'prom-client';
import { AnnouncedRegistry } from './adapters/announced-registry.adapter.js';
import { ServedListsToAll } from './adapters/batched-served-lists.js';
import { BusServedLists } from './adapters/bus-served-lists.adapter.js';
import { createVectorStore } from '@demand/vector-store';
import { ClickHouseServedLists } from './adapters/clickhouse-served-lists.adapter.js';
import { ClickHouseTrainingData } from './adapters/clickhouse-training-data.adapter.js';
import { InlineTrainer } from './adapters/inline-trainer.adapter.js';
import { ModelStoreRegistry } from './adapters/model-store-registry.adapter.js';
import { ServingThreads } from './adapters/serving-threads.adapter.js';
import { VectorStoreItemVectors } from './adapters/vector-store-item-vectors.adapter.js';
import { ListRefreshTimer } from './adapters/list-refresh-timer.js';
import { LiveHistoryFollower } from './adapters/live-history-follower.adapter.js';
import { registerLiveHistoryMetrics } from './adapters/live-history.metrics.js';
import { registerServedListsMetrics } from './adapters/served-lists.metrics.js';
import { registerStoredListMetrics } from './adapters/stored-list.metrics.js';
import { WorkerTrainer } from './adapters/worker-trainer.adapter.js';
import type { RecommenderConfig } from './config.js';
import { ModelDecisionsConsumer } from './consumers/model-decisions.consumer.js';
import { TrainingRequestedConsumer } from './consumers/training-requested.consumer.js';
import { ModelRefresher } from './domain/model-refresher.js';
import { RecentHistory } from './domain/recent-history.js';
import { RecommendService } from './domain/recommend-service.js';
import { coldModel } from './domain/train-model.js';
import { RecommendGrpcController } from './grpc/recommend.controller.js';

const migrationsDirectory = fileURLToPath(new URL('../../migrations', import.meta.url));
/** The service's clock (epoch ms): request times, served-list times and the times stored lists are scored at. */
const serviceClock = Date.now;

@Module({})
export class RecommenderModule {
  /**
   * Recommender = the shop's history in ClickHouse → training in a worker thread (at start and on a
   * schedule and on training.requested.v1) → candidates → learnt ranker → filters, diversity,
   * reasons → Recommend gRPC; served lists → recs.served.v1 and the own table. Until the history is
   * long enough it serves the cold list, and /readyz says so. Each trained version is announced on
   * models.published.v1; with a challenger share, models.decisions.v1 promotes or rolls back the challenger.
   */
  static forRoot(config: RecommenderConfig, logger: Logger, shared: SharedInfrastructure = {}): DynamicModule {
    const { env } = config;
    return {
      module: RecommenderModule,
      imports: [
        ServiceRuntimeModule.forRoot({
          service: 'recommender',
          logger,
          collectProcessMetrics: !shared.inProcessWithOthers,
        }),
      ],
      controllers: [RecommendGrpcController, TrainingRequestedConsumer, ModelDecisionsConsumer],
      providers: [
        eventBusProvider({ clientId: 'recommender', env }),
        analyticsStoreProvider({ owner: 'recommender', migrationsDirectory, env, shared }),
        {
          provide: LiveHistoryFollower,
          inject: [EVENT_BUS, LIFECYCLE, READINESS, METRICS_REGISTRY],
          useFactory: (bus: EventBus, lifecycle: Lifecycle, readiness: Readiness, registry: Registry) => {
            const live = config.liveHistory;
            if (!live) return null;
            const history = new RecentHistory(live);
            const follower = new LiveHistoryFollower(bus, history, { marginMs: live.marginMs }, logger);
            lifecycle.add(
              'live history',
              async () => undefined,
              () => follower.stop(),
            );
            readiness.describe('live history', () => follower.readinessDetail());
            registerLiveHistoryMetrics(registry, () => ({ users: history.size, eventsTaken: follower.eventsTaken }));
            return follower;
          },
        },
        {
          provide: RecommendService,
          inject: [EVENT_BUS, ANALYTICS_STORE, LIFECYCLE, METRICS_REGISTRY, READINESS, LiveHistoryFollower],
          useFactory: (
            bus: EventBus,
            store: AnalyticsStore,
            lifecycle: Lifecycle,
            registry: Registry,
            readiness: Readiness,
            live: LiveHistoryFollower | null,
          ) => {
            // To the topic (attribution, online metrics) and to the own table (ranker training).
            const destinations = [new BusServedLists(bus, logger), new ClickHouseServedLists(store, logger)];
            const served = new ServedListsToAll(destinations);
            registerServedListsMetrics(registry, destinations);
            lifecycle.add(
              'served lists',
              async () => undefined,
              () => served.flush(),
            );
            const lists = config.servingWorkers > 0 ? new ServingThreads(config.servingWorkers, logger) : undefined;
            if (lists)
              lifecycle.add(
                'serving threads',
                async () => undefined,
                () => lists.close(),
              );
            // Serves the empty cold list until the first run (started with the service) swaps a model in.
            const empty = coldModel({ items: [], interactions: [], now: Date.now(), window: 'none' }).model;
            const service = new RecommendService(empty, served, {
              arms: config.arms,
              armSalt: env.RECOMMENDER_AB_SALT,
              newId: randomUUID,
              clock: () => new Date(serviceClock()),
              challengerShare: config.training.challengerShare,
              ...(lists ? { lists } : {}),
              ...(live ? { history: live.history } : {}),
            });
            registerStoredListMetrics(registry, () => service.listTally());
            // With serving threads, a new model answers from the gRPC thread until every thread holds its copy.
            readiness.describe('serving lists', () => ({
              everywhere: service.listsReady,
              threads: config.servingWorkers,
            }));
            const refresh = ListRefreshTimer.when(service, config.training.rankedLists);
            if (refresh)
              lifecycle.add(
                'stored list refresh',
                async () => refresh.start(),
                async () => refresh.stop(),
              );
            return service;
          },
        },
        {
          provide: ModelRefresher,
          inject: [RecommendService, EVENT_BUS, ANALYTICS_STORE, LIFECYCLE, LOGGER, READINESS, LiveHistoryFollower],
          useFactory: (
            service: RecommendService,
            bus: EventBus,
            store: AnalyticsStore,
            lifecycle: Lifecycle,
            log: Logger,
            readiness: Readiness,
            live: LiveHistoryFollower | null,
          ) => {
            const { training, itemVectors } = config;
            const vectors = itemVectors ? createVectorStore(itemVectors.store) : undefined;
            if (vectors)
              lifecycle.add(
                'item vectors',
                async () => undefined,
                () => vectors.close(),
              );
            const source = new ClickHouseTrainingData(store, {
              historyDays: training.historyDays,
              maxEvents: training.maxEvents,
              clock: Date.now,
              ...(vectors && itemVectors
                ? { itemVectors: new VectorStoreItemVectors(vectors, itemVectors.collection) }
                : {}),
            });
            // Lists are stamped by the clock that serves them.
            const lists = { ...training.rankedLists, clock: serviceClock };
            const trainer = training.inWorker ? new WorkerTrainer(lists) : new InlineTrainer(lists);
            const registry = new AnnouncedRegistry(
              new ModelStoreRegistry(new DirectoryModelStore({ root: training.modelsDir })),
              bus,
            );
            const refresher = new ModelRefresher(source, trainer, service, training, log, registry);
            if (live) refresher.onServing((cutoff) => live.modelServing(cutoff));
            lifecycle.add(
              'model training',
              async () => refresher.start(),
              () => refresher.stop(),
            );
            readiness.describe('recommender model', () => refresher.readinessDetail());
            return refresher;
          },
        },
        busTransportProvider(),
        ...grpcTransportProviders(env, { 'demand.v1.Recommend': RecommendDefinition }),
      ],
    };
  }
}
