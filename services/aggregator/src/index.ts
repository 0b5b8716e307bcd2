export { AggregatorModule } from './aggregator.module.js';
export { loadAggregatorConfig, type AggregatorConfig } from './config.js';
export { startAggregator } from './start-aggregator.js';
export { Aggregator } from './domain/aggregator.js';
export { ClickHouseEventStore, EVENTS_TABLE } from './adapters/clickhouse-event-store.adapter.js';
export { RowGatherer } from './adapters/row-gatherer.js';
export { CLEAN_EVENTS_CONSUMER, CleanEventsConsumer } from './consumers/clean-events.consumer.js';
export {
  decodeIngestedBatch,
  decodeIngestedEvent,
  INGESTED_CLEAN_EVENTS,
  type IngestedEvent,
} from './consumers/clean-event-rows.codec.js';
export { EVENT_COLUMNS, compactRow, toRows, type EventRow } from './domain/event-rows.js';
export { migrationsDirectory } from './migrations-directory.js';
export { backfillAggregates, AGGREGATE_VIEWS, type BackfillProgress } from './adapters/backfill.js';
export {
  ClickHouseFeatureReader,
  type FeatureEntity,
  type WindowFeatures,
} from './adapters/clickhouse-feature-reader.js';
export { applyRetention, type RetentionDays } from './adapters/retention.js';
export { FeaturesGrpcController } from './grpc/features.controller.js';
export {
  InvalidProfileRequestError,
  ProfileCache,
  ProfileNotFoundError,
  type SegmentationVersion,
} from './domain/profiles.js';
export { ProfileService } from './domain/profile-service.js';
export { ReviewInsights } from './domain/review-insights.js';
export { ClickHouseProfileSource } from './adapters/clickhouse-profile-source.js';
export { ReadServer, type ReadServerDeps, type ReadServerOptions } from './read-server/read-server.js';
export { READ_SERVER } from './read-server/read-server.provider.js';
