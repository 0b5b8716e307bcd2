import { AnalyticsStoreError } from '../analytics-store.error.js';
import type { AnalyticsStore } from '../analytics-store.port.js';
import {
  checksumOf,
  label,
  orderedMigrations,
  readMigrationDirectory,
  splitStatements,
  type Migration,
} from './migration-files.js';
import { acquireMigrationLock } from './migration-lock.js';

export type MigrationSource = { owner: string; directory: string } | { owner: string; migrations: Migration[] };

/** What runMigrations reports through; a pino logger fits. */
export interface MigrationLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

export interface MigrationReport {
  owner: string;
  /** Migrations this run applied, in order. */
  applied: { version: number; name: string }[];
  /** How many were found already applied. */
  alreadyApplied: number;
}

const LEDGER_TABLE = 'schema_migrations';

const CREATE_LEDGER = `CREATE TABLE IF NOT EXISTS ${LEDGER_TABLE}
(
    owner String,
    version UInt32,
    name String,
    checksum String,
    applied_at DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(applied_at)
ORDER BY (owner, version)`;

interface LedgerRow {
  version: number;
  name: string;
  checksum: string;
}

/** Callers of one store take turns, so services starting together in one process do not race on the ledger. */
const turns = new WeakMap<AnalyticsStore, Promise<unknown>>();

/**
 * Applies the owner's migrations that are not yet recorded in `schema_migrations`, in
 * order, one statement at a time, recording each once all its statements succeeded.
 * A recorded migration whose text changed since is an error naming it. Re-running applies
 * nothing. ClickHouse DDL is not transactional: a migration that failed halfway runs again
 * from its first statement next time, so statements should be idempotent (IF NOT EXISTS).
 */
export function runMigrations(
  store: AnalyticsStore,
  source: MigrationSource,
  logger?: MigrationLogger,
): Promise<MigrationReport> {
  const previous = turns.get(store) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(() => migrateLocked(store, source, logger));
  turns.set(store, run);
  return run;
}

/**
 * A server may be shared by several replicas starting together: one runner at a time, under a
 * lock kept in ClickHouse. The ledger is read first and the lock taken only when a migration is
 * pending (then read again under it), so a start with nothing to apply never waits on the lock,
 * and a runner that may hold it (any cell that can write the shared ledger) cannot stop starts.
 * An embedded store's directory is held by this process alone, and runners of one store in this
 * process already take turns.
 */
async function migrateLocked(
  store: AnalyticsStore,
  source: MigrationSource,
  logger: MigrationLogger | undefined,
): Promise<MigrationReport> {
  const migrations = await migrationsOf(source);
  const before = await readLedger(store, source.owner, migrations, logger);
  if (store.kind !== 'server' || before.pending.length === 0) return applyPending(store, before, logger);
  const lock = await acquireMigrationLock(store, source.owner);
  try {
    return await applyPending(store, await readLedger(store, source.owner, migrations), logger);
  } finally {
    await lock.release();
  }
}

async function migrationsOf(source: MigrationSource): Promise<Migration[]> {
  const { owner } = source;
  if (typeof owner !== 'string' || owner.trim() === '')
    throw new Error('runMigrations: owner must be a non-empty name');
  return orderedMigrations(
    owner,
    'directory' in source ? await readMigrationDirectory(source.directory) : source.migrations,
  );
}

interface LedgerState {
  owner: string;
  /** The owner's migrations not recorded in the ledger, in order. */
  pending: Migration[];
  alreadyApplied: number;
}

/** The ledger's view of the owner's migrations; an applied one whose text changed is an error. */
async function readLedger(
  store: AnalyticsStore,
  owner: string,
  migrations: readonly Migration[],
  logger?: MigrationLogger,
): Promise<LedgerState> {
  await store.command(CREATE_LEDGER);
  const recorded = await store.query<LedgerRow>(
    `SELECT version, name, checksum FROM ${LEDGER_TABLE} FINAL WHERE owner = {owner:String} ORDER BY version`,
    { owner },
  );
  const recordedByVersion = new Map(recorded.map((row) => [Number(row.version), row]));
  checkUnchanged(owner, migrations, recordedByVersion);
  const known = new Set(migrations.map((m) => m.version));
  const unknown = recorded.filter((row) => !known.has(Number(row.version)));
  if (unknown.length > 0) {
    logger?.warn(
      { owner, versions: unknown.map((row) => Number(row.version)) },
      'the database has migrations this code does not know (a newer version ran here)',
    );
  }
  const pending = migrations.filter((m) => !recordedByVersion.has(m.version));
  return { owner, pending, alreadyApplied: migrations.length - pending.length };
}

async function applyPending(
  store: AnalyticsStore,
  { owner, pending, alreadyApplied }: LedgerState,
  logger: MigrationLogger | undefined,
): Promise<MigrationReport> {
  const applied: MigrationReport['applied'] = [];
  for (const migration of pending) {
    await apply(store, owner, migration);
    applied.push({ version: migration.version, name: migration.name });
    logger?.info({ owner, version: migration.version, name: migration.name }, 'migration applied');
  }
  return { owner, applied, alreadyApplied };
}

function checkUnchanged(
  owner: string,
  migrations: readonly Migration[],
  recorded: ReadonlyMap<number, LedgerRow>,
): void {
  const changed = migrations.filter((m) => {
    const row = recorded.get(m.version);
    return row !== undefined && row.checksum !== checksumOf(m.sql);
  });
  if (changed.length > 0) {
    throw new Error(
      `migrations of ${owner} changed after they were applied: ${changed.map(label).join(', ')}. ` +
        'An applied migration must not be edited; undo the edit and add a new migration instead.',
    );
  }
}

async function apply(store: AnalyticsStore, owner: string, migration: Migration): Promise<void> {
  const statements = splitStatements(migration.sql);
  for (const [index, statement] of statements.entries()) {
    try {
      await store.command(statement);
    } catch (error) {
      const failure = error as Partial<AnalyticsStoreError> & Error;
      throw new AnalyticsStoreError(
        `migration ${owner} ${label(migration)} failed at statement ${index + 1} of ${statements.length}: ${failure.message}`,
        {
          transient: failure.transient === true,
          code: failure.code,
          type: failure.type,
          httpStatus: failure.httpStatus,
          cause: error,
        },
      );
    }
  }
  await store.insert(LEDGER_TABLE, [
    {
      owner,
      version: migration.version,
      name: migration.name,
      checksum: checksumOf(migration.sql),
      applied_at: new Date().toISOString(),
    },
  ]);
}
