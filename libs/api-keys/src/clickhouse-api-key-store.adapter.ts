import { fileURLToPath } from 'node:url';
import type { AnalyticsStore, MigrationSource } from '@demand/analytics-store';
import { type ApiKeyRecord, type Scope, tenantOfKey } from './api-key.js';
import type { ApiKeyStore, KeyCopy } from './api-key-store.port.js';

/** The key table's migrations, applied by whoever opens the store (servers and the CLI alike). */
export const apiKeyMigrations: MigrationSource = {
  owner: 'api-keys',
  directory: fileURLToPath(new URL('../../migrations', import.meta.url)),
};

/** Fails unless the key table exists: reading or revoking in a mistyped database must not answer "no keys". */
export async function requireKeyTable(store: AnalyticsStore): Promise<void> {
  const tables = await store.query<{ name: string }>(
    "SELECT name FROM system.tables WHERE database = currentDatabase() AND name = 'api_keys'",
  );
  if (tables.length === 0) throw new Error('no api_keys table here (is CLICKHOUSE_DATABASE right?)');
}

interface KeyRow {
  id: string;
  tenant: string;
  name: string;
  secret_hash: string;
  scopes: string[];
  rate_per_second: number | null;
  created_at: string;
  revoked_at: string | null;
}

/** One row per key however many revoke rows it has: the earliest revocation counts. */
const SELECT_KEYS = `SELECT id, any(tenant) AS tenant, any(name) AS name, any(secret_hash) AS secret_hash,
  any(scopes) AS scopes, any(rate_per_second) AS rate_per_second, min(created_at) AS created_at,
  min(revoked_at) AS revoked_at
FROM api_keys`;

function recordOf(row: KeyRow): ApiKeyRecord {
  return {
    id: row.id,
    name: row.name,
    secretHash: row.secret_hash,
    scopes: row.scopes as Scope[],
    tenant: row.tenant,
    createdAt: row.created_at,
    ...(row.revoked_at === null ? {} : { revokedAt: row.revoked_at }),
    ...(row.rate_per_second === null ? {} : { ratePerSecond: row.rate_per_second }),
  };
}

function rowOf(record: ApiKeyRecord, revokedAt: string | null): KeyRow {
  return {
    id: record.id,
    tenant: tenantOfKey(record.tenant),
    name: record.name,
    secret_hash: record.secretHash,
    scopes: record.scopes,
    rate_per_second: record.ratePerSecond ?? null,
    created_at: record.createdAt,
    revoked_at: revokedAt,
  };
}

interface Snapshot {
  /** When the read began: the copy holds every write acknowledged before then. */
  startedAt: number;
  keys: Promise<Map<string, ApiKeyRecord>>;
}

export interface ClickHouseApiKeyStoreOptions {
  /**
   * The longest a server goes on accepting a key after it was revoked (or refusing one after it
   * was created) through another replica or the CLI: it checks calls against a copy of the
   * table read at most this long before.
   */
  refreshMs: number;
  nowMs?: () => number;
  /**
   * The table could not be read, after reads that could: once per streak of failed reads, for
   * the log (calls go on with the copy they have until it expires, then get its error).
   */
  onReadFailing?: (error: unknown) => void;
  /** The table was read again after `failedReads` failed reads; for the log. */
  onReadRecovered?: (failedReads: number) => void;
}

/** A streak of failed reads: no read is tried before `retryAt`, and calls needing one get `error`. */
interface ReadFailure {
  reads: number;
  retryAt: number;
  error: unknown;
}

/** The first wait after a failed read, as a share of `refreshMs`; it doubles with each failure, up to `refreshMs`. */
const FIRST_RETRY_SHARE = 1 / 16;

/**
 * Keys in a ClickHouse table that every replica of every service reads, so a revoke reaches all
 * of them without a shared volume. Calls are checked against a cached copy of the table; a call
 * that finds the copy as old as `refreshMs` waits for a fresh read, and one that finds it past
 * half that age starts one in the background, so under steady traffic calls rarely wait. After a
 * failed read the next is tried only after a back-off (doubling up to `refreshMs`); until then a
 * call that needs a read gets the failure's error at once, and no expired copy is ever used.
 */
export class ClickHouseApiKeyStore implements ApiKeyStore {
  /** The newest copy read whole. */
  private current: { startedAt: number; keys: Map<string, ApiKeyRecord> } | undefined;
  private pending: Snapshot | undefined;
  private failure: ReadFailure | undefined;
  private readonly nowMs: () => number;

  constructor(
    private readonly store: AnalyticsStore,
    private readonly options: ClickHouseApiKeyStoreOptions,
  ) {
    this.nowMs = options.nowMs ?? (() => performance.now());
  }

  async find(id: string): Promise<ApiKeyRecord | undefined> {
    return (await this.findCopy(id)).record;
  }

  async findCopy(id: string): Promise<KeyCopy> {
    const now = this.nowMs();
    const { refreshMs } = this.options;
    const backingOff = this.failure !== undefined && now < this.failure.retryAt;
    const copy = ({ startedAt, keys }: { startedAt: number; keys: Map<string, ApiKeyRecord> }): KeyCopy => ({
      record: keys.get(id),
      ageMs: this.nowMs() - startedAt,
    });
    if (this.current && now - this.current.startedAt < refreshMs) {
      if (now - this.current.startedAt >= refreshMs / 2 && !this.pending && !backingOff) void this.read(now);
      return copy(this.current);
    }
    if (this.pending && now - this.pending.startedAt < refreshMs) {
      return copy({ startedAt: this.pending.startedAt, keys: await this.pending.keys });
    }
    if (backingOff) throw this.failure?.error;
    return copy({ startedAt: now, keys: await this.read(now) });
  }

  async list(): Promise<ApiKeyRecord[]> {
    return (await this.store.query<KeyRow>(`${SELECT_KEYS} GROUP BY id ORDER BY created_at, id`)).map(recordOf);
  }

  async add(record: ApiKeyRecord): Promise<void> {
    if (await this.one(record.id)) throw new Error(`API key ${record.id} already exists`);
    await this.write(rowOf(record, null));
  }

  async revoke(id: string, at: Date): Promise<boolean> {
    const record = await this.one(id);
    if (!record) return false;
    if (!record.revokedAt) await this.write(rowOf(record, at.toISOString()));
    return true;
  }

  private async write(row: KeyRow): Promise<void> {
    await this.store.insert('api_keys', [row]);
    this.current = undefined;
    this.pending = undefined;
  }

  private read(now: number): Promise<Map<string, ApiKeyRecord>> {
    const snapshot: Snapshot = {
      startedAt: now,
      keys: this.list().then((records) => new Map(records.map((r) => [r.id, r]))),
    };
    this.pending = snapshot;
    // A write, or a newer read, replaces `pending`: only the newest read since the last write is kept.
    snapshot.keys.then(
      (keys) => {
        this.readSucceeded();
        if (this.pending !== snapshot) return;
        this.pending = undefined;
        this.current = { startedAt: snapshot.startedAt, keys };
      },
      (error: unknown) => {
        this.readFailed(error);
        if (this.pending === snapshot) this.pending = undefined;
      },
    );
    return snapshot.keys;
  }

  private readFailed(error: unknown): void {
    const reads = (this.failure?.reads ?? 0) + 1;
    const { refreshMs } = this.options;
    const backOffMs = Math.min(refreshMs, refreshMs * FIRST_RETRY_SHARE * 2 ** (reads - 1));
    this.failure = { reads, retryAt: this.nowMs() + backOffMs, error };
    if (reads === 1) this.options.onReadFailing?.(error);
  }

  private readSucceeded(): void {
    if (!this.failure) return;
    const { reads } = this.failure;
    this.failure = undefined;
    this.options.onReadRecovered?.(reads);
  }

  private async one(id: string): Promise<ApiKeyRecord | undefined> {
    const rows = await this.store.query<KeyRow>(`${SELECT_KEYS} WHERE id = {id:String} GROUP BY id`, { id });
    return rows[0] ? recordOf(rows[0]) : undefined;
  }
}
