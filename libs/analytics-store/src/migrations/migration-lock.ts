import { randomUUID } from 'node:crypto';
import type { AnalyticsStore } from '../analytics-store.port.js';

const LOCK_TABLE = 'schema_migration_locks';

const CREATE_LOCKS = `CREATE TABLE IF NOT EXISTS ${LOCK_TABLE}
(
    owner String,
    holder String,
    acquired_at DateTime64(6, 'UTC'),
    expires_at DateTime64(6, 'UTC'),
    version UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (owner, holder)`;

export interface MigrationLockOptions {
  /** A holder that stops renewing loses the lock after this long (default 60 s). */
  leaseMs?: number;
  /** Longest wait for the lock before giving up (default 10 min). */
  waitMs?: number;
  /** Pause before re-checking a won lock, so a competing insert still in flight becomes visible (default 300 ms). */
  settleMs?: number;
  holder?: string;
}

export interface MigrationLock {
  readonly holder: string;
  release(): Promise<void>;
}

/**
 * One migration runner at a time across replicas, with a lock kept in ClickHouse itself:
 * each contender inserts a lease row (server time), then reads the live leases; the oldest
 * live lease wins, and re-checks after `settleMs` that it still does. Losers withdraw and
 * retry. The winner renews its lease while it runs; a crashed winner's lease expires and
 * the next contender takes over (migrations are idempotent, so it may redo a half-applied one).
 */
export async function acquireMigrationLock(
  store: AnalyticsStore,
  owner: string,
  options: MigrationLockOptions = {},
): Promise<MigrationLock> {
  const leaseMs = options.leaseMs ?? 60_000;
  const settleMs = options.settleMs ?? 300;
  const holder = options.holder ?? randomUUID();
  const deadline = Date.now() + (options.waitMs ?? 600_000);
  await store.command(CREATE_LOCKS);

  const lease = (acquired: string | null, leaseFor: number) =>
    store.command(
      `INSERT INTO ${LOCK_TABLE}
       SELECT {owner:String}, {holder:String}, ${acquired === null ? 'now64(6)' : '{acquired:DateTime64(6)}'},
              now64(6) + toIntervalMillisecond({lease:Int64}), toUnixTimestamp64Micro(now64(6))`,
      { owner, holder, acquired: acquired ?? '', lease: leaseFor },
    );
  const first = async () =>
    (
      await store.query<{ holder: string; acquired: string }>(
        `SELECT holder, toString(acquired_at) AS acquired FROM ${LOCK_TABLE} FINAL
         WHERE owner = {owner:String} AND expires_at > now64(6) ORDER BY acquired_at, holder LIMIT 1`,
        { owner },
      )
    )[0];

  for (let attempt = 0; ; attempt++) {
    await lease(null, leaseMs);
    let winner = await first();
    if (winner?.holder === holder) {
      await delay(settleMs);
      winner = await first();
    }
    if (winner?.holder === holder) {
      const acquired = winner.acquired;
      let renewing = Promise.resolve();
      const timer = setInterval(() => {
        renewing = renewing.then(() => lease(acquired, leaseMs)).catch(() => undefined);
      }, leaseMs / 3);
      timer.unref();
      return {
        holder,
        release: async () => {
          clearInterval(timer);
          await renewing;
          await lease(acquired, -1000);
        },
      };
    }
    await lease(null, -1000); // withdraw, so this contender does not block the others
    if (Date.now() > deadline)
      throw new Error(`migrations of ${owner}: another runner (${winner?.holder ?? 'unknown'}) holds the lock`);
    await delay(Math.min(2000, 100 * 2 ** Math.min(attempt, 4)));
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
