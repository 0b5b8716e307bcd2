export type {
  AnalyticsStore,
  AnalyticsStoreConfig,
  EmbeddedStoreConfig,
  QueryParams,
  ServerStoreConfig,
  StoreHealth,
} from './analytics-store.port.js';
export { AnalyticsStoreError } from './analytics-store.error.js';
export { createAnalyticsStore } from './create-analytics-store.js';
export { ChdbAnalyticsStore } from './embedded/chdb-store.adapter.js';
export { ClickHouseServerStore } from './server/clickhouse-server-store.adapter.js';
export { ensureDatabase } from './server/ensure-database.js';
export { BatchInserter, type BatchInserterOptions } from './batch-inserter.js';
export {
  runMigrations,
  type MigrationLogger,
  type MigrationReport,
  type MigrationSource,
} from './migrations/run-migrations.js';
export { splitStatements, type Migration } from './migrations/migration-files.js';
export { acquireMigrationLock, type MigrationLock, type MigrationLockOptions } from './migrations/migration-lock.js';
export { withLegacyTable, type LegacyTableRead } from './legacy-table.js';
