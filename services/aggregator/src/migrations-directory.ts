import { fileURLToPath } from 'node:url';

/** The aggregator's numbered ClickHouse migrations (services/aggregator/migrations). */
export const migrationsDirectory = fileURLToPath(new URL('../../migrations', import.meta.url));
