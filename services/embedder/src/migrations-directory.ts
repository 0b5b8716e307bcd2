import { fileURLToPath } from 'node:url';

/** The embedder's numbered ClickHouse migrations (services/embedder/migrations). */
export const migrationsDirectory = fileURLToPath(new URL('../../migrations', import.meta.url));
