import {
  createAnalyticsStore,
  ensureDatabase,
  type MigrationLogger,
  runMigrations,
  type ServerStoreConfig,
} from '@demand/analytics-store';
import type { ApiKeyStoreEnv } from '@demand/config';
import type { ApiKeyStore } from './api-key-store.port.js';
import {
  apiKeyMigrations,
  ClickHouseApiKeyStore,
  type ClickHouseApiKeyStoreOptions,
  requireKeyTable,
} from './clickhouse-api-key-store.adapter.js';
import { FileApiKeyStore } from './file-api-key-store.adapter.js';

const KEY_READ_TIMEOUT_MS = 5000;

/** What the ClickHouse store reports about its reads of the key table, for the log. */
type KeyReadReports = Pick<ClickHouseApiKeyStoreOptions, 'onReadFailing' | 'onReadRecovered'>;

/** A key store with what it needs before its first use (the table's migrations) and after its last. */
export interface ApiKeyStoreHandle {
  store: ApiKeyStore;
  /** Where the keys are, for messages: the file, or the server's table. */
  location: string;
  /**
   * Gets the store ready. `create: false` (the CLI's list and revoke) only checks the table is there:
   * a mistyped database must not answer "no keys" while the real keys stay valid.
   */
  open(options?: { create?: boolean }): Promise<void>;
  close(): Promise<void>;
}

/**
 * The key store the config names. The ClickHouse table is in `CLICKHOUSE_DATABASE` itself, not a
 * tenant's database: every cell's servers read the one table (keys carry their tenant).
 */
export function apiKeyStoreFor(
  env: ApiKeyStoreEnv,
  options: { file?: string; logger?: MigrationLogger } & KeyReadReports = {},
): ApiKeyStoreHandle {
  if (env.GRPC_API_KEYS_STORE === 'file') {
    const file = options.file ?? env.GRPC_API_KEYS_FILE;
    return {
      store: new FileApiKeyStore(file, env.GRPC_API_KEYS_REFRESH_MS),
      location: file,
      open: async () => undefined,
      close: async () => undefined,
    };
  }
  if (!env.CLICKHOUSE_URL) throw new Error('CLICKHOUSE_URL is required when GRPC_API_KEYS_STORE=clickhouse');
  const server: ServerStoreConfig = {
    mode: 'server',
    url: env.CLICKHOUSE_URL,
    username: env.CLICKHOUSE_USER,
    password: env.CLICKHOUSE_PASSWORD,
    database: env.CLICKHOUSE_DATABASE,
    // A hung server must fail guarded calls soon (UNAVAILABLE), not hold each for the client's 30 s default.
    requestTimeoutMs: KEY_READ_TIMEOUT_MS,
  };
  const analytics = createAnalyticsStore(server);
  return {
    store: new ClickHouseApiKeyStore(analytics, {
      refreshMs: env.GRPC_API_KEYS_REFRESH_MS,
      ...(options.onReadFailing ? { onReadFailing: options.onReadFailing } : {}),
      ...(options.onReadRecovered ? { onReadRecovered: options.onReadRecovered } : {}),
    }),
    location: `table api_keys of ClickHouse database ${env.CLICKHOUSE_DATABASE}`,
    async open({ create = true } = {}) {
      if (!create) return requireKeyTable(analytics);
      await ensureDatabase(server);
      await runMigrations(analytics, apiKeyMigrations, options.logger);
    },
    close: () => analytics.close(),
  };
}
