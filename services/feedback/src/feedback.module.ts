import { fileURLToPath } from 'node:url';
import { Module, type DynamicModule } from '@nestjs/common';
import type { AnalyticsStore } from '@demand/analytics-store';
import type { EventBus } from '@demand/bus';
import { FeedbackService as FeedbackGrpcService } from '@demand/contracts';
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
  ServiceRuntimeModule,
  type SharedInfrastructure,
} from '@demand/service-runtime';
import type { Logger } from '@demand/telemetry';
import type { Registry } from 'prom-client';
import { BusAnnouncements } from './adapters/bus-announcements.adapter.js';
import { checkSchedule } from './adapters/check-schedule.js';
import { ClickHouseFeedbackStore } from './adapters/clickhouse-feedback-store.adapter.js';
import { ClickHouseModelHistory } from './adapters/clickhouse-model-history.adapter.js';
import { PrometheusCheckObserver } from './adapters/prometheus-check-observer.js';
import type { FeedbackConfig } from './config.js';
import { FEEDBACK_STORE, FeedbackConsumers, VERSION_ROLE } from './consumers/feedback.consumers.js';
import { ClassifierScorer } from './domain/classifier-scorer.js';
import { DriftWatch } from './domain/drift-watch.js';
import { FeedbackService } from './domain/feedback-service.js';
import { ForecastScorer } from './domain/forecast-scorer.js';
import { ModelGate } from './domain/model-gate.js';
import { ModelHistory } from './domain/model-history.js';
import { OnlineReporter } from './domain/online-report.js';
import { TrainingRequests } from './domain/training-requests.js';
import { FeedbackGrpcController } from './grpc/feedback.controller.js';
import type { FeedbackStore } from './ports/feedback-store.port.js';

const migrationsDirectory = fileURLToPath(new URL('../../migrations', import.meta.url));
const TEXT_SAMPLE_LIMIT = 20_000;

@Module({})
export class FeedbackModule {
  /**
   * Feedback = recs.served.v1 + events.clean.v1 (+ models.published.v1) → ClickHouse → online
   * metrics, A/B comparisons, the champion/challenger gate and drift checks on a schedule →
   * training.requested.v1 and models.decisions.v1; Feedback gRPC for metrics, retraining and labels.
   */
  static forRoot(config: FeedbackConfig, logger: Logger, shared: SharedInfrastructure = {}): DynamicModule {
    const { env } = config;
    return {
      module: FeedbackModule,
      imports: [
        ServiceRuntimeModule.forRoot({
          service: 'feedback',
          logger,
          collectProcessMetrics: !shared.inProcessWithOthers,
        }),
      ],
      controllers: [FeedbackConsumers, FeedbackGrpcController],
      providers: [
        analyticsStoreProvider({ owner: 'feedback', migrationsDirectory, env, shared }),
        eventBusProvider({ clientId: 'feedback', env }),
        busTransportProvider(),
        { provide: VERSION_ROLE, useValue: env.FEEDBACK_VERSION_ROLE },
        {
          provide: FEEDBACK_STORE,
          inject: [ANALYTICS_STORE],
          useFactory: (store: AnalyticsStore) => new ClickHouseFeedbackStore(store),
        },
        {
          provide: ModelHistory,
          inject: [ANALYTICS_STORE],
          useFactory: (store: AnalyticsStore) =>
            new ModelHistory(new ClickHouseModelHistory(store), env.FEEDBACK_GATED_MODEL),
        },
        {
          provide: FeedbackService,
          inject: [FEEDBACK_STORE, EVENT_BUS, METRICS_REGISTRY, LIFECYCLE, LOGGER],
          useFactory: (store: FeedbackStore, bus: EventBus, registry: Registry, lifecycle: Lifecycle, log: Logger) => {
            const announcements = new BusAnnouncements(bus);
            const requests = new TrainingRequests(store, announcements);
            const championArm = env.FEEDBACK_CHAMPION_ARM;
            const feedback = new FeedbackService(
              store,
              requests,
              new OnlineReporter(store, {
                attribution: config.attribution,
                abTest: config.abTest,
                windowMs: env.FEEDBACK_WINDOW_MS,
                championArm,
                catalogSize: env.FEEDBACK_CATALOG_SIZE,
              }),
              new ModelGate(store, announcements, {
                model: env.FEEDBACK_GATED_MODEL,
                championArm,
                offlineMetric: env.FEEDBACK_OFFLINE_METRIC,
                rules: config.promotion,
              }),
              new DriftWatch(store, requests, {
                thresholds: config.drift,
                championArm,
                behaviourModel: env.FEEDBACK_BEHAVIOUR_MODEL,
                textModel: env.FEEDBACK_TEXT_MODEL,
                cooldownMs: env.FEEDBACK_RETRAIN_COOLDOWN_MS,
                textSampleLimit: TEXT_SAMPLE_LIMIT,
              }),
              new ForecastScorer(store, config.forecastScoring),
              new ClassifierScorer(store),
              new PrometheusCheckObserver(registry),
              { windowMs: env.FEEDBACK_WINDOW_MS, retrainSchedule: env.FEEDBACK_RETRAIN_SCHEDULE },
            );
            if (env.FEEDBACK_CHECK_MS > 0) {
              const schedule = checkSchedule(feedback, env.FEEDBACK_CHECK_MS, log.child({ component: 'check' }));
              lifecycle.add(
                'feedback checks',
                async () => schedule.start(),
                () => schedule.stop(),
                'consumers',
              );
            }
            return feedback;
          },
        },
        ...grpcTransportProviders(env, { 'demand.v1.Feedback': FeedbackGrpcService }),
      ],
    };
  }
}
