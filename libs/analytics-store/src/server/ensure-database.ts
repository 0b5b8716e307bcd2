import type { ServerStoreConfig } from '../analytics-store.port.js';
import { ClickHouseServerStore } from './clickhouse-server-store.adapter.js';

const DATABASE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Creates the store's database on the server when it is missing (a new tenant's, say), through
 * a connection that names no database: one that named the missing database would be refused.
 */
export async function ensureDatabase(config: ServerStoreConfig): Promise<void> {
  const { database, ...server } = config;
  if (database === undefined) return;
  if (!DATABASE_NAME.test(database)) {
    throw new Error(`ClickHouse database name ${JSON.stringify(database)}: use letters, digits and '_'`);
  }
  const store = new ClickHouseServerStore(server);
  try {
    // Asked first: a user without the right to create databases may still run in an existing one.
    const found = await store.query('SELECT name FROM system.databases WHERE name = {name:String}', { name: database });
    if (found.length === 0) await store.command(`CREATE DATABASE IF NOT EXISTS \`${database}\``);
  } finally {
    await store.close();
  }
}
