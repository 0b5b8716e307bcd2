import { Module, type DynamicModule } from '@nestjs/common';
import type { Registry } from 'prom-client';
import type { AnalyticsStore } from '@demand/analytics-store';
import { tenantNames } from '@demand/config';
import type { EventBus } from '@demand/bus';
import { FeaturesService, PrivacyService, Topics } from '@demand/contracts';
import { followForgottenUsers, ForgottenUsers } from '@demand/forgotten-users';
import { createTokenizer } from '@demand/text';
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
import { DirectoryModelStore } from '@demand/model-store';
import { runSegmentationInWorker } from '@demand/segments';
import type { Logger } from '@demand/telemetry';
import { ClickHouseProfileSource } from './adapters/clickhouse-profile-source.js';
import { ModelStoreSegmentations } from './adapters/model-store-segmentations.js';
import { ClickHouseEventStore } from './adapters/clickhouse-event-store.adapter.js';
import { ClickHouseUserData } from './adapters/clickhouse-user-data.adapter.js';
import { storedIdsOf } from './adapters/pseudonym-ids.js';
import { applyRetention } from './adapters/retention.js';
import type { AggregatorConfig } from './config.js';
import { CLEAN_EVENTS_CONSUMER, CleanEventsConsumer } from './consumers/clean-events.consumer.js';
import { ReviewSentimentsConsumer } from './consumers/review-sentiments.consumer.js';
import { Aggregator } from './domain/aggregator.js';
import { ProfileService } from './domain/profile-service.js';
import { DEFAULT_BACKFILL_WAIT } from './domain/touched-work.js';
import { featuresUpdatedMessages } from './domain/profile-messages.js';
import { ProfileCache } from './domain/profiles.js';
import { UserPrivacy } from './domain/user-privacy.js';
import { FeaturesGrpcController } from './grpc/features.controller.js';
import { ClickHouseReviewSource } from './adapters/clickhouse-review-source.js';
import { ReviewInsights } from './domain/review-insights.js';
import { PrivacyGrpcController } from './grpc/privacy.controller.js';
import { migrationsDirectory } from './migrations-directory.js';
import { profileRefreshGauges } from './profile-refresh-gauges.js';
import { forgettingServedAnswers, type ReadServer } from './read-server/read-server.js';
import { READ_SERVER, readServerProvider } from './read-server/read-server.provider.js';

@Module({})
export class AggregatorModule {
  /** Aggregator = clean events → ClickHouse (raw + daily aggregates) → Features gRPC. */
  static forRoot(config: AggregatorConfig, logger: Logger, shared: SharedInfrastructure = {}): DynamicModule {
    const { env } = config;
    return {
      module: AggregatorModule,
      imports: [
        ServiceRuntimeModule.forRoot({
          service: 'aggregator',
          logger,
          collectProcessMetrics: !shared.inProcessWithOthers,
        }),
      ],
      controllers: [CleanEventsConsumer, ReviewSentimentsConsumer, FeaturesGrpcController, PrivacyGrpcController],
      providers: [
        analyticsStoreProvider({ owner: 'aggregator', migrationsDirectory, env, shared }),
        // Partitions are handled side by side so the store can gather their rows into one insert.
        eventBusProvider({ clientId: 'aggregator', env, consumer: { partitionsConsumedConcurrently: 8 } }),
        {
          provide: Aggregator,
          inject: [ANALYTICS_STORE, LIFECYCLE],
          useFactory: (store: AnalyticsStore, lifecycle: Lifecycle) => {
            const events = new ClickHouseEventStore(store, {
              maxRows: env.AGGREGATOR_INSERT_ROWS,
              maxDelayMs: env.AGGREGATOR_INSERT_DELAY_MS,
            });
            // After the migrations (an earlier step): TTLs from the configuration. On stop, after the
            // consumer (a later step) flushed and committed, nothing is left; close() only checks.
            lifecycle.add(
              'retention',
              () =>
                applyRetention(store, {
                  raw: env.AGGREGATOR_RAW_TTL_DAYS,
                  features: env.AGGREGATOR_FEATURES_TTL_DAYS,
                }),
              () => events.close(),
            );
            return new Aggregator(events);
          },
        },
        { provide: ProfileCache, useValue: new ProfileCache() },
        readServerProvider(config),
        {
          provide: ProfileService,
          inject: [
            ANALYTICS_STORE,
            EVENT_BUS,
            LIFECYCLE,
            LOGGER,
            Aggregator,
            ProfileCache,
            METRICS_REGISTRY,
            READ_SERVER,
          ],
          useFactory: (
            store: AnalyticsStore,
            bus: EventBus,
            lifecycle: Lifecycle,
            log: Logger,
            aggregator: Aggregator,
            cache: ProfileCache,
            registry: Registry,
            readServer: ReadServer | null,
          ) => {
            const service = new ProfileService(
              {
                cache,
                source: new ClickHouseProfileSource(store, env.AGGREGATOR_PROFILE_PAGE_EVENTS),
                segment: runSegmentationInWorker,
                segmentations: env.AGGREGATOR_MODELS_DIR
                  ? new ModelStoreSegmentations(new DirectoryModelStore({ root: env.AGGREGATOR_MODELS_DIR }))
                  : undefined,
                // The read server's worker has the refresh's answers (and lost its removed users) before the notice.
                onUpdated: async (updated) => {
                  await readServer?.syncAnswers();
                  await bus.publish(
                    Topics.featuresUpdated,
                    featuresUpdatedMessages(updated, Date.now(), cache.latestSegmentation?.version ?? 0),
                  );
                },
                // Nor serves users a full refresh dropped a moment longer than the main port does: their removals
                // alone (the answers of the users kept are posted after the rescore, by onUpdated's sync).
                onUsersDropped: async (ids) => readServer?.forgetAnswers(ids),
                onError: (err, what) => log.error({ err }, `${what} failed`),
              },
              {
                touchedEveryMs: env.AGGREGATOR_PROFILE_TOUCHED_MS,
                touchedMaxShare: env.AGGREGATOR_PROFILE_TOUCHED_SHARE,
                touchedPageIds: env.AGGREGATOR_PROFILE_TOUCHED_PAGE_IDS,
                backfillWait: {
                  ...DEFAULT_BACKFILL_WAIT,
                  quietMs: env.AGGREGATOR_PROFILE_BACKFILL_QUIET_MS,
                  maxWaitMs: env.AGGREGATOR_PROFILE_BACKFILL_MAX_WAIT_MS,
                },
                fullEveryMs: env.AGGREGATOR_PROFILE_FULL_MS,
                segmentEveryMs: env.AGGREGATOR_SEGMENT_EVERY_MS,
                segmentMinUsers: env.AGGREGATOR_SEGMENT_MIN_USERS,
                kMin: env.AGGREGATOR_SEGMENT_K_MIN,
                kMax: Math.max(env.AGGREGATOR_SEGMENT_K_MIN, env.AGGREGATOR_SEGMENT_K_MAX),
                seed: 7,
              },
            );
            aggregator.onStored((users, items, itemEvents, backfillOnly) =>
              service.touch(users, items, itemEvents, backfillOnly),
            );
            profileRefreshGauges(registry, service);
            // Kept histories go stale when a partition comes here from another replica (a rebalance).
            bus.watchAssignments(CLEAN_EVENTS_CONSUMER, (partitions) => service.holdPartitions(partitions));
            // After the migrations and retention: the first full refresh fills the cache before gRPC serves.
            lifecycle.add(
              'profiles',
              () => service.start(),
              () => service.stop(),
            );
            return service;
          },
        },
        {
          provide: ForgottenUsers,
          inject: [EVENT_BUS, LIFECYCLE],
          useFactory: (bus: EventBus, lifecycle: Lifecycle) =>
            followForgottenUsers(bus, 'aggregator-forgotten', lifecycle),
        },
        {
          provide: UserPrivacy,
          // Profiles are forgotten through the service, in turn with its refreshes, and by the read server's worker
          // before the forget is acknowledged.
          inject: [ANALYTICS_STORE, ProfileService, EVENT_BUS, ForgottenUsers, READ_SERVER],
          useFactory: (
            store: AnalyticsStore,
            profiles: ProfileService,
            bus: EventBus,
            forgotten: ForgottenUsers,
            readServer: ReadServer | null,
          ) =>
            new UserPrivacy(
              new ClickHouseUserData(store),
              forgettingServedAnswers(profiles, readServer),
              storedIdsOf(config.pseudonymKey),
              {
                destination: tenantNames(env.TENANT_ID).topicPrefix + Topics.usersForgotten.name,
                announce: async (storedIds) => {
                  const requestedAt = new Date();
                  forgotten.forget(storedIds, requestedAt);
                  await bus.publish(Topics.usersForgotten, [{ storedIds: [...storedIds], requestedAt }]);
                },
              },
            ),
        },
        {
          provide: ReviewInsights,
          inject: [ANALYTICS_STORE],
          useFactory: (store: AnalyticsStore) =>
            new ReviewInsights(new ClickHouseReviewSource(store), createTokenizer()),
        },
        busTransportProvider(),
        ...grpcTransportProviders(env, { 'demand.v1.Features': FeaturesService, 'demand.v1.Privacy': PrivacyService }),
      ],
    };
  }
}
