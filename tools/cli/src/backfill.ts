import { AGGREGATE_VIEWS, backfillAggregates, migrationsDirectory } from '@demand/aggregator';
import { type AnalyticsStoreConfig, createAnalyticsStore, runMigrations } from '@demand/analytics-store';
import {
  analyticsFields,
  checkPlatformFields,
  type Environment,
  evenAfterFieldErrors,
  parseConfig,
  tenantId,
  z,
} from '@demand/config';
import { analyticsStoreConfig } from '@demand/service-runtime';
import type { CliIo } from './run-cli.js';

export const backfillUsage = [
  'usage: demand backfill [--data-dir DIR | --clickhouse-url URL] [--views a_mv,b_mv] [--from-month YYYYMM]',
  '',
  "Rebuilds the aggregator's feature tables from its raw clean_events, month by month, printing progress.",
  'Idempotent: it may run while events stream in (server) and again at any time; numbers already right stay the same.',
  'Runs against the store directly: an embedded (chdb) data directory only while the platform is stopped',
  '(one process may hold it), a ClickHouse server at any time.',
  'The store is configured as the services configure it, from the same variables: ANALYTICS_STORE (embedded by',
  'default) with ANALYTICS_DATA_DIR (.data/clickhouse) or CLICKHOUSE_URL; on a server CLICKHOUSE_USER/PASSWORD (or',
  'their _FILEs) and CLICKHOUSE_DATABASE of TENANT_ID. --data-dir or --clickhouse-url choose the store instead.',
  `Views: ${AGGREGATE_VIEWS.join(', ')}`,
].join('\n');

/** The variables the services build their analytics store from (libs/service-runtime: analyticsStoreConfig). */
const storeSchema = z
  .object({ TENANT_ID: tenantId(), ...analyticsFields })
  .superRefine(checkPlatformFields, evenAfterFieldErrors);

type StoreChoice =
  | { ANALYTICS_STORE?: undefined }
  | { ANALYTICS_STORE: 'embedded'; ANALYTICS_DATA_DIR: string }
  | { ANALYTICS_STORE: 'server'; CLICKHOUSE_URL: string };

/**
 * The environment the store is configured from: the options over the variables. An embedded store
 * has no login, so the server's variables are left out and their *_FILEs never read (an unreadable
 * CLICKHOUSE_PASSWORD_FILE meant for a server does not stop a local run).
 */
function storeEnvironment(environment: Environment, store: StoreChoice): Environment {
  const env = { ...environment, ...store };
  if (env.ANALYTICS_STORE === 'server') return env;
  return Object.fromEntries(Object.entries(env).filter(([name]) => !name.startsWith('CLICKHOUSE_')));
}

/** `demand backfill …`; returns the exit code. */
export async function runBackfill(argv: string[], io: CliIo, environment = process.env): Promise<number> {
  let store: StoreChoice = {};
  let config: AnalyticsStoreConfig;
  let views: string[] | undefined;
  let fromMonth: string | undefined;
  try {
    for (let i = 0; i < argv.length; i++) {
      const arg = argv[i]!;
      const value = () => {
        const v = argv[++i];
        if (v === undefined) throw new Error(`${arg} needs a value`);
        return v;
      };
      if (arg === '--data-dir') store = { ANALYTICS_STORE: 'embedded', ANALYTICS_DATA_DIR: value() };
      else if (arg === '--clickhouse-url') store = { ANALYTICS_STORE: 'server', CLICKHOUSE_URL: value() };
      else if (arg === '--views') views = value().split(',').filter(Boolean);
      else if (arg === '--from-month') {
        fromMonth = value();
        if (!/^\d{6}$/.test(fromMonth)) throw new Error('--from-month expects YYYYMM');
      } else if (arg === '--help' || arg === 'help') {
        io.stdout(`${backfillUsage}\n`);
        return 0;
      } else throw new Error(`unknown option ${arg}`);
    }
    // As the services reach the store: the cell's database, the credentials or their *_FILEs, the same checks.
    config = analyticsStoreConfig(parseConfig(storeSchema, storeEnvironment(environment, store)));
  } catch (error) {
    io.stderr(`${(error as Error).message}\n\n${backfillUsage}\n`);
    return 2;
  }
  const started = Date.now();
  let analytics: ReturnType<typeof createAnalyticsStore> | undefined;
  try {
    analytics = createAnalyticsStore(config);
    await runMigrations(analytics, { owner: 'aggregator', directory: migrationsDirectory });
    const rows = await backfillAggregates(analytics, {
      ...(views ? { views } : {}),
      ...(fromMonth ? { fromMonth } : {}),
      onProgress: (p) =>
        io.stderr(
          `backfill ${p.done}/${p.total} ${p.view} month ${p.partition}: ${p.rows} events (${((Date.now() - started) / 1000).toFixed(1)} s)\n`,
        ),
    });
    io.stdout(`${JSON.stringify({ rowsRead: rows, seconds: (Date.now() - started) / 1000 })}\n`);
    return 0;
  } catch (error) {
    io.stderr(`backfill failed: ${(error as Error).message}\n`);
    return 1;
  } finally {
    await analytics?.close();
  }
}
