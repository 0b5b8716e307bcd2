import { fileURLToPath } from 'node:url';
import { Module, type DynamicModule } from '@nestjs/common';
import type { AnalyticsStore } from '@demand/analytics-store';
import type { EventBus } from '@demand/bus';
import { ForecastService } from '@demand/contracts';
import { DirectoryModelStore } from '@demand/model-store';
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
  ServiceRuntimeModule,
  type SharedInfrastructure,
} from '@demand/service-runtime';
import type { Logger } from '@demand/telemetry';
import { BusForecastPublisher } from './adapters/bus-forecast-publisher.adapter.js';
import { ClickHouseDemandSeries } from './adapters/clickhouse-demand-series.adapter.js';
import { InlineFitter } from './adapters/inline-fitter.adapter.js';
import { ModelStoreForecastVersions } from './adapters/model-store-forecast-versions.adapter.js';
import { refreshSchedule } from './adapters/refresh-schedule.js';
import { WorkerFitter } from './adapters/worker-fitter.adapter.js';
import type { ForecasterConfig } from './config.js';
import { TrainingRequestedConsumer } from './consumers/training-requested.consumer.js';
import { DemandMovers } from './domain/demand-movers.js';
import { DemandRefresher } from './domain/demand-refresh.js';
import { Forecaster } from './domain/forecaster.js';
import { ForecastGrpcController } from './grpc/forecast.controller.js';
import type { SeriesFitter } from './ports/series-fitter.port.js';

const fitterFor = (threads: number, lifecycle: Lifecycle, name: string): SeriesFitter => {
  const fitter = threads > 0 ? new WorkerFitter(threads) : new InlineFitter();
  lifecycle.add(
    name,
    async () => undefined,
    () => fitter.close(),
  );
  return fitter;
};

const migrationsDirectory = fileURLToPath(new URL('../../migrations', import.meta.url));

@Module({})
export class ForecasterModule {
  /**
   * Forecaster = daily aggregates in ClickHouse → fits in worker threads → Forecast gRPC; with
   * FORECAST_REFRESH_MS > 0 also the scheduled, reconciled set (own workers) → forecasts.updated.v1,
   * a model version per set, and training.requested.v1 → refit.
   */
  static forRoot(config: ForecasterConfig, logger: Logger, shared: SharedInfrastructure = {}): DynamicModule {
    const { env } = config;
    const scheduled = env.FORECAST_REFRESH_MS > 0;
    const refreshProviders = [
      eventBusProvider({ clientId: 'forecaster', env }),
      {
        provide: DemandRefresher,
        inject: [ANALYTICS_STORE, EVENT_BUS, LIFECYCLE, LOGGER],
        useFactory: (store: AnalyticsStore, bus: EventBus, lifecycle: Lifecycle, log: Logger) => {
          // Refits get their own workers, so requests never queue behind a whole shop's fits.
          const fitter = fitterFor(env.FORECAST_REFRESH_WORKERS, lifecycle, 'refresh workers');
          const refresher = new DemandRefresher(
            new ClickHouseDemandSeries(store),
            fitter,
            new BusForecastPublisher(bus),
            new ModelStoreForecastVersions(new DirectoryModelStore({ root: env.FORECAST_MODELS_DIR })),
            {
              horizon: Math.min(env.FORECAST_REFRESH_HORIZON, env.FORECAST_MAX_HORIZON),
              levels: [80, 95],
              historyDays: env.FORECAST_HISTORY_DAYS,
              refitEveryMs: env.FORECAST_REFRESH_MS,
              calendar: env.FORECAST_CALENDAR,
            },
          );
          const schedule = refreshSchedule(refresher, env.FORECAST_TICK_MS, log.child({ component: 'refresh' }));
          lifecycle.add(
            'forecast refresh',
            async () => schedule.start(),
            () => schedule.stop(),
            'consumers',
          );
          return refresher;
        },
      },
      busTransportProvider(),
    ];
    return {
      module: ForecasterModule,
      imports: [
        ServiceRuntimeModule.forRoot({
          service: 'forecaster',
          logger,
          collectProcessMetrics: !shared.inProcessWithOthers,
        }),
      ],
      controllers: scheduled ? [TrainingRequestedConsumer, ForecastGrpcController] : [ForecastGrpcController],
      providers: [
        analyticsStoreProvider({ owner: 'forecaster', migrationsDirectory, env, shared }),
        ...(scheduled ? refreshProviders : []),
        {
          provide: Forecaster,
          inject: [ANALYTICS_STORE, LIFECYCLE, { token: DemandRefresher, optional: true }],
          useFactory: (store: AnalyticsStore, lifecycle: Lifecycle, refresher: DemandRefresher | undefined) =>
            new Forecaster(
              new ClickHouseDemandSeries(store),
              fitterFor(env.FORECAST_WORKERS, lifecycle, 'fitting workers'),
              {
                maxHorizon: env.FORECAST_MAX_HORIZON,
                historyDays: env.FORECAST_HISTORY_DAYS,
                propensityTtlMs: env.PROPENSITY_TTL_MS,
                calendar: env.FORECAST_CALENDAR,
              },
              Date.now,
              refresher,
            ),
        },
        {
          provide: DemandMovers,
          inject: [ANALYTICS_STORE],
          useFactory: (store: AnalyticsStore) => new DemandMovers(new ClickHouseDemandSeries(store)),
        },
        ...grpcTransportProviders(env, { 'demand.v1.Forecast': ForecastService }),
      ],
    };
  }
}
