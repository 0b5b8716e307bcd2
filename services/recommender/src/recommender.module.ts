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
  EVENT_BUS,
  eventBusProvider,
  grpcTransportProviders,
  LIFECYCLE,
  type Lifecycle,
  ServiceRuntimeModule,
  type SharedInfrastructure,
} from '@demand/service-runtime';
import type { Logger } from '@demand/telemetry';
import { BusServedLists } from './adapters/bus-served-lists.adapter.js';
import { ClickHouseTrainingData } from './adapters/clickhouse-training-data.adapter.js';
import { InlineTrainer } from './adapters/inline-trainer.adapter.js';
import { ModelStoreRegistry } from './adapters/model-store-registry.adapter.js';
import { WorkerTrainer } from './adapters/worker-trainer.adapter.js';
import type { RecommenderConfig } from './config.js';
import { ModelRefresher } from './domain/model-refresher.js';
import { RecommendService } from './domain/recommend-service.js';
import { coldModel } from './domain/train-model.js';
import { RecommendGrpcController } from './grpc/recommend.controller.js';

const migrationsDirectory = fileURLToPath(new URL('../../migrations', import.meta.url));

@Module({})
export class RecommenderModule {
  /**
   * Recommender = the shop's history in ClickHouse → training in a worker thread (at start and on a
   * schedule) → candidates → learnt ranker → filters, diversity, reasons → Recommend gRPC; served
   * lists → recs.served.v1. Until the history is long enough it serves the cold list.
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
      controllers: [RecommendGrpcController],
      providers: [
        eventBusProvider({ clientId: 'recommender', env }),
        analyticsStoreProvider({ owner: 'recommender', migrationsDirectory, env, shared }),
        {
          provide: RecommendService,
          inject: [EVENT_BUS, ANALYTICS_STORE, LIFECYCLE],
          useFactory: (bus: EventBus, store: AnalyticsStore, lifecycle: Lifecycle) => {
            const served = new BusServedLists(bus, logger);
            lifecycle.add(
              'served lists',
              async () => undefined,
              () => served.flush(),
            );
            // Serves the empty cold list until the first run (started with the service) swaps a model in.
            const empty = coldModel({ items: [], interactions: [], now: Date.now(), window: 'none' }).model;
            const service = new RecommendService(empty, served, {
              arms: config.arms,
              armSalt: env.RECOMMENDER_AB_SALT,
              newId: randomUUID,
              clock: () => new Date(),
            });
            const { training } = config;
            const source = new ClickHouseTrainingData(store, {
              historyDays: training.historyDays,
              maxEvents: training.maxEvents,
              clock: Date.now,
            });
            const trainer = training.inWorker ? new WorkerTrainer() : new InlineTrainer();
            const registry = new ModelStoreRegistry(new DirectoryModelStore({ root: training.modelsDir }));
            const refresher = new ModelRefresher(source, trainer, service, training, logger, registry);
            lifecycle.add(
              'model training',
              async () => refresher.start(),
              () => refresher.stop(),
            );
            return service;
          },
        },
        ...grpcTransportProviders(env, { 'demand.v1.Recommend': RecommendDefinition }),
      ],
    };
  }
}
