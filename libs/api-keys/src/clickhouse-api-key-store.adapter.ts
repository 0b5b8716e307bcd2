import { fileURLToPath } from 'node:url';
import type { AnalyticsStore, MigrationSource } from '@demand/analytics-store';
import { type ApiKeyRecord, type Scope, tenantOfKey } from './api-key.js';
import type { ApiKeyStore } from './api-key-store.port.js';

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
  /** A failed read ahead (calls go on with the copy they have until it expires); for the log. */
  onReadAheadError?: (error: unknown) => void;
}

/**
 * Keys in a ClickHouse table that every replica of every service reads, so a revoke reaches all
 * of them without a shared volume. Calls are checked against a cached copy of the table; a call
 * that finds the copy as old as `refreshMs` waits for a fresh read, and one that finds it past
 * half that age starts one in the background, so under steady traffic calls rarely wait.
 */
export class ClickHouseApiKeyStore implements ApiKeyStore {
  /** The newest copy read whole. */
  private current: { startedAt: number; keys: Map<string, ApiKeyRecord> } | undefined;
  private pending: Snapshot | undefined;
  private readonly nowMs: () => number;

  constructor(
    private readonly store: AnalyticsStore,
    private readonly options: ClickHouseApiKeyStoreOptions,
  ) {
    this.nowMs = options.nowMs ?? (() => performance.now());
  }

  async find(id: string): Promise<ApiKeyRecord | undefined> {
    const now = this.nowMs();
    const { refreshMs } = this.options;
    if (this.current && now - this.current.startedAt < refreshMs) {
      if (now - this.current.startedAt >= refreshMs / 2 && !this.pending) {
        // Read ahead; a failure is reported here and surfaces again in the call that next has to wait for a read.
        this.read(now).catch((error: unknown) => this.options.onReadAheadError?.(error));
      }
      return this.current.keys.get(id);
    }
    const fresh = this.pending && now - this.pending.startedAt < refreshMs ? this.pending.keys : this.read(now);
    return (await fresh).get(id);
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
        if (this.pending !== snapshot) return;
        this.pending = undefined;
        this.current = { startedAt: snapshot.startedAt, keys };
      },
      () => {
        if (this.pending === snapshot) this.pending = undefined;
      },
    );
    return snapshot.keys;
  }

  private async one(id: string): Promise<ApiKeyRecord | undefined> {
    const rows = await this.store.query<KeyRow>(`${SELECT_KEYS} WHERE id = {id:String} GROUP BY id`, { id });
    return rows[0] ? recordOf(rows[0]) : undefined;
  }
}
