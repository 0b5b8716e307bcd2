import { randomUUID } from 'node:crypto';
import { Module, type DynamicModule } from '@nestjs/common';
import type { EventBus } from '@demand/bus';
import { RecommendService as RecommendDefinition } from '@demand/contracts';
import {
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
import { SyntheticShopData } from './adapters/synthetic-shop-data.adapter.js';
import type { RecommenderConfig } from './config.js';
import { RecommendService } from './domain/recommend-service.js';
import { trainServingModel } from './domain/train-model.js';
import { RecommendGrpcController } from './grpc/recommend.controller.js';

@Module({})
export class RecommenderModule {
  /** Recommender = candidates → learnt ranker → filters, diversity, reasons → Recommend gRPC; served lists → recs.served.v1. */
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
        {
          provide: RecommendService,
          inject: [EVENT_BUS, LIFECYCLE],
          useFactory: async (bus: EventBus, lifecycle: Lifecycle) => {
            const started = Date.now();
            const model = trainServingModel(await new SyntheticShopData(config.bootstrap).load());
            logger.info({ versions: model.versions, ms: Date.now() - started }, 'recommendation model trained');
            const served = new BusServedLists(bus, logger);
            lifecycle.add(
              'served lists',
              async () => undefined,
              () => served.flush(),
            );
            return new RecommendService(model, served, {
              arms: config.arms,
              armSalt: env.RECOMMENDER_AB_SALT,
              newId: randomUUID,
              clock: () => new Date(),
            });
          },
        },
        ...grpcTransportProviders({
          host: env.GRPC_HOST,
          port: env.GRPC_PORT,
          maxReceiveMessageBytes: env.GRPC_MAX_MESSAGE_BYTES,
          shutdownGraceMs: env.SHUTDOWN_GRACE_MS,
          services: { 'demand.v1.Recommend': RecommendDefinition },
        }),
      ],
    };
  }
}
