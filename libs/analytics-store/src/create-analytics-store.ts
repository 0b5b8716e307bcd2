import type { AnalyticsStore, AnalyticsStoreConfig } from './analytics-store.port.js';
import { ChdbAnalyticsStore } from './embedded/chdb-store.adapter.js';
import { ClickHouseServerStore } from './server/clickhouse-server-store.adapter.js';

function problemsWith(config: AnalyticsStoreConfig): string[] {
  const problems: string[] = [];
  if (config.mode === 'embedded') {
    if (typeof config.path !== 'string' || config.path.trim() === '')
      problems.push('embedded analytics store: path must be a non-empty directory path');
    if (config.connections !== undefined && !(Number.isInteger(config.connections) && config.connections >= 1)) {
      problems.push(`embedded analytics store: connections must be a positive integer (got ${config.connections})`);
    }
    const timeout = config.statementTimeoutMs;
    if (timeout !== undefined && !(Number.isFinite(timeout) && timeout > 0)) {
      problems.push(`embedded analytics store: statementTimeoutMs must be a positive number (got ${timeout})`);
    }
    return problems;
  }
  if (config.mode !== 'server')
    return [
      `analytics store: mode must be 'embedded' or 'server' (got ${String((config as { mode?: unknown }).mode)})`,
    ];
  let protocol: string | undefined;
  try {
    protocol = new URL(config.url).protocol;
  } catch {
    problems.push(`ClickHouse server: url must be an absolute http(s) URL (got ${JSON.stringify(config.url)})`);
  }
  if (protocol !== undefined && protocol !== 'http:' && protocol !== 'https:')
    problems.push(`ClickHouse server: url must use http or https (got ${protocol})`);
  if (
    config.requestTimeoutMs !== undefined &&
    !(Number.isFinite(config.requestTimeoutMs) && config.requestTimeoutMs > 0)
  ) {
    problems.push(`ClickHouse server: requestTimeoutMs must be a positive number (got ${config.requestTimeoutMs})`);
  }
  return problems;
}

/**
 * The analytics store the config asks for. Embedded opens (and locks) its data directory
 * now, so a directory another process holds fails here; server connects on first use.
 */
export function createAnalyticsStore(config: AnalyticsStoreConfig): AnalyticsStore {
  const problems = problemsWith(config);
  if (problems.length > 0) throw new Error(`invalid analytics store config:\n- ${problems.join('\n- ')}`);
  return config.mode === 'embedded' ? new ChdbAnalyticsStore(config) : new ClickHouseServerStore(config);
}
