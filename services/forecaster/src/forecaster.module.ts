import { fileURLToPath } from 'node:url';
import { Module, type DynamicModule } from '@nestjs/common';
import type { AnalyticsStore } from '@demand/analytics-store';
import { ForecastService } from '@demand/contracts';
import {
  ANALYTICS_STORE,
  analyticsStoreProvider,
  grpcTransportProviders,
  LIFECYCLE,
  type Lifecycle,
  ServiceRuntimeModule,
  type SharedInfrastructure,
} from '@demand/service-runtime';
import type { Logger } from '@demand/telemetry';
import { ClickHouseDemandSeries } from './adapters/clickhouse-demand-series.adapter.js';
import { InlineFitter } from './adapters/inline-fitter.adapter.js';
import { WorkerFitter } from './adapters/worker-fitter.adapter.js';
import type { ForecasterConfig } from './config.js';
import { Forecaster } from './domain/forecaster.js';
import { ForecastGrpcController } from './grpc/forecast.controller.js';

const migrationsDirectory = fileURLToPath(new URL('../../migrations', import.meta.url));

@Module({})
export class ForecasterModule {
  /** Forecaster = daily aggregates in ClickHouse → fits in worker threads → Forecast gRPC. */
  static forRoot(config: ForecasterConfig, logger: Logger, shared: SharedInfrastructure = {}): DynamicModule {
    const { env } = config;
    return {
      module: ForecasterModule,
      imports: [
        ServiceRuntimeModule.forRoot({
          service: 'forecaster',
          logger,
          collectProcessMetrics: !shared.inProcessWithOthers,
        }),
      ],
      controllers: [ForecastGrpcController],
      providers: [
        analyticsStoreProvider({ owner: 'forecaster', migrationsDirectory, env, shared }),
        {
          provide: Forecaster,
          inject: [ANALYTICS_STORE, LIFECYCLE],
          useFactory: (store: AnalyticsStore, lifecycle: Lifecycle) => {
            const fitter = env.FORECAST_WORKERS > 0 ? new WorkerFitter(env.FORECAST_WORKERS) : new InlineFitter();
            lifecycle.add(
              'fitting workers',
              async () => undefined,
              () => fitter.close(),
            );
            return new Forecaster(new ClickHouseDemandSeries(store), fitter, {
              maxHorizon: env.FORECAST_MAX_HORIZON,
              historyDays: env.FORECAST_HISTORY_DAYS,
              propensityTtlMs: env.PROPENSITY_TTL_MS,
            });
          },
        },
        ...grpcTransportProviders({
          host: env.GRPC_HOST,
          port: env.GRPC_PORT,
          maxReceiveMessageBytes: env.GRPC_MAX_MESSAGE_BYTES,
          shutdownGraceMs: env.SHUTDOWN_GRACE_MS,
          services: { 'demand.v1.Forecast': ForecastService },
        }),
      ],
    };
  }
}
