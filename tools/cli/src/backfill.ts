import { AGGREGATE_VIEWS, backfillAggregates, migrationsDirectory } from '@demand/aggregator';
import { createAnalyticsStore, runMigrations, type AnalyticsStoreConfig } from '@demand/analytics-store';
import { DEFAULT_TENANT, readSecretFiles, tenantNames } from '@demand/config';
import type { CliIo } from './run-cli.js';

export const backfillUsage = [
  'usage: demand backfill [--data-dir DIR | --clickhouse-url URL] [--views a_mv,b_mv] [--from-month YYYYMM]',
  '',
  "Rebuilds the aggregator's feature tables from its raw clean_events, month by month, printing progress.",
  'Idempotent: it may run while events stream in (server) and again at any time; numbers already right stay the same.',
  'Runs against the store directly: an embedded (chdb) data directory only while the platform is stopped',
  '(one process may hold it), a ClickHouse server at any time.',
  `Defaults: --data-dir $ANALYTICS_DATA_DIR or .data/clickhouse; CLICKHOUSE_USER/PASSWORD/DATABASE from the environment`,
  '(a server: the database of TENANT_ID, as the services use it).',
  `Views: ${AGGREGATE_VIEWS.join(', ')}`,
].join('\n');

/**
 * A ClickHouse server as the services reach it: credentials from `CLICKHOUSE_USER`/`_PASSWORD` or
 * their `_FILE`s (read only here, where a server is named), in the cell's own database.
 */
function serverStore(url: string, given: NodeJS.ProcessEnv): AnalyticsStoreConfig {
  const { env, problems } = readSecretFiles(given);
  if (problems.length > 0) throw new Error(problems.join('\n'));
  return {
    mode: 'server',
    url,
    username: env.CLICKHOUSE_USER ?? 'default',
    password: env.CLICKHOUSE_PASSWORD ?? '',
    database: tenantNames(env.TENANT_ID ?? DEFAULT_TENANT).database(env.CLICKHOUSE_DATABASE ?? 'default'),
  };
}

/** `demand backfill …`; returns the exit code. */
export async function runBackfill(argv: string[], io: CliIo, environment = process.env): Promise<number> {
  let config: AnalyticsStoreConfig = { mode: 'embedded', path: environment.ANALYTICS_DATA_DIR ?? '.data/clickhouse' };
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
      if (arg === '--data-dir') config = { mode: 'embedded', path: value() };
      else if (arg === '--clickhouse-url') config = serverStore(value(), environment);
      else if (arg === '--views') views = value().split(',').filter(Boolean);
      else if (arg === '--from-month') {
        fromMonth = value();
        if (!/^\d{6}$/.test(fromMonth)) throw new Error('--from-month expects YYYYMM');
      } else if (arg === '--help' || arg === 'help') {
        io.stdout(`${backfillUsage}\n`);
        return 0;
      } else throw new Error(`unknown option ${arg}`);
    }
  } catch (error) {
    io.stderr(`${(error as Error).message}\n\n${backfillUsage}\n`);
    return 2;
  }
  const started = Date.now();
  let store: ReturnType<typeof createAnalyticsStore> | undefined;
  try {
    store = createAnalyticsStore(config);
    await runMigrations(store, { owner: 'aggregator', directory: migrationsDirectory });
    const rows = await backfillAggregates(store, {
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
    await store?.close();
  }
}
