import { DatabaseSync } from 'node:sqlite';
import type { PayloadIndexSpec } from '../vector-store.port.js';

/**
 * The durable half of the embedded store: collections, points (id, integer key for the ANN
 * index, unit vector, JSON payload) in one SQLite file. Every write bumps the collection's
 * `revision` in the same transaction; `index_revision` and `index_sha256` record which revision
 * the saved ANN index file reflects and what its bytes hash to, so a stale, torn or corrupt
 * index file is detected (before usearch parses it) and rebuilt.
 */

const SCHEMA_VERSION = 1;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS collections (
  name TEXT PRIMARY KEY,
  dimensions INTEGER NOT NULL,
  payload_indexes TEXT NOT NULL,
  revision INTEGER NOT NULL DEFAULT 0,
  index_revision INTEGER NOT NULL DEFAULT -1,
  index_sha256 TEXT
) STRICT;
CREATE TABLE IF NOT EXISTS points (
  key INTEGER PRIMARY KEY AUTOINCREMENT,
  collection TEXT NOT NULL REFERENCES collections(name),
  id TEXT NOT NULL,
  vector BLOB NOT NULL,
  payload TEXT NOT NULL,
  UNIQUE (collection, id)
) STRICT;
`;

export interface CollectionRecord {
  name: string;
  dimensions: number;
  payloadIndexes: PayloadIndexSpec[];
  revision: number;
  indexRevision: number;
  indexSha256: string | null;
}

export interface PointRecord {
  key: number;
  id: string;
  payloadJson: string;
}

export interface PointWrite {
  id: string;
  vector: Float32Array;
  payloadJson: string;
}

export class PointDatabase {
  private readonly db: DatabaseSync;

  constructor(path: string) {
    this.db = new DatabaseSync(path);
    this.db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;');
    const { user_version: version } = this.db.prepare('PRAGMA user_version').get() as { user_version: number };
    if (version > SCHEMA_VERSION) {
      this.db.close();
      throw new Error(`${path} has schema version ${version}; this build knows up to ${SCHEMA_VERSION}`);
    }
    this.db.exec(SCHEMA);
    this.db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
  }

  collectionNames(): string[] {
    const rows = this.db.prepare('SELECT name FROM collections ORDER BY name').all() as { name: string }[];
    return Array.from(rows, (r) => r.name);
  }

  findCollection(name: string): CollectionRecord | undefined {
    const row = this.db.prepare('SELECT * FROM collections WHERE name = ?').get(name) as
      | {
          name: string;
          dimensions: number;
          payload_indexes: string;
          revision: number;
          index_revision: number;
          index_sha256: string | null;
        }
      | undefined;
    if (!row) return undefined;
    return {
      name: row.name,
      dimensions: row.dimensions,
      payloadIndexes: JSON.parse(row.payload_indexes) as PayloadIndexSpec[],
      revision: row.revision,
      indexRevision: row.index_revision,
      indexSha256: row.index_sha256,
    };
  }

  createCollection(name: string, dimensions: number, payloadIndexes: PayloadIndexSpec[]): void {
    this.db
      .prepare('INSERT INTO collections (name, dimensions, payload_indexes) VALUES (?, ?, ?)')
      .run(name, dimensions, JSON.stringify(payloadIndexes));
  }

  setPayloadIndexes(name: string, payloadIndexes: PayloadIndexSpec[]): void {
    this.db
      .prepare('UPDATE collections SET payload_indexes = ? WHERE name = ?')
      .run(JSON.stringify(payloadIndexes), name);
  }

  markIndexSaved(name: string, revision: number, sha256: string): void {
    this.db
      .prepare('UPDATE collections SET index_revision = ?, index_sha256 = ? WHERE name = ?')
      .run(revision, sha256, name);
  }

  *points(collection: string): Generator<PointRecord> {
    const rows = this.db.prepare('SELECT key, id, payload FROM points WHERE collection = ?').iterate(collection);
    for (const row of rows as Iterable<{ key: number; id: string; payload: string }>) {
      yield { key: row.key, id: row.id, payloadJson: row.payload };
    }
  }

  *vectors(collection: string): Generator<{ key: number; vector: Float32Array }> {
    const rows = this.db.prepare('SELECT key, vector FROM points WHERE collection = ?').iterate(collection);
    for (const row of rows as Iterable<{ key: number; vector: Uint8Array }>)
      yield { key: row.key, vector: toFloat32(row.vector) };
  }

  vectorsByKey(collection: string, keys: number[]): Map<number, Float32Array> {
    const found = new Map<number, Float32Array>();
    // CROSS JOIN fixes the join order: look keys up by rowid rather than scan the collection.
    const statement = this.db.prepare(
      'SELECT p.key, p.vector FROM json_each(?) AS j CROSS JOIN points AS p ON p.key = j.value WHERE p.collection = ?',
    );
    for (const chunk of chunks(keys, 10_000)) {
      for (const row of statement.iterate(JSON.stringify(chunk), collection) as Iterable<{
        key: number;
        vector: Uint8Array;
      }>) {
        found.set(row.key, toFloat32(row.vector));
      }
    }
    return found;
  }

  /** Inserts or replaces points (an id keeps its key); returns the keys in input order. */
  upsert(collection: string, writes: PointWrite[]): { keys: number[]; revision: number } {
    const statement = this.db.prepare(
      `INSERT INTO points (collection, id, vector, payload) VALUES (?, ?, ?, ?)
       ON CONFLICT (collection, id) DO UPDATE SET vector = excluded.vector, payload = excluded.payload
       RETURNING key`,
    );
    const { result: keys, revision } = this.inTransaction(collection, () =>
      writes.map((w) => {
        const bytes = new Uint8Array(w.vector.buffer, w.vector.byteOffset, w.vector.byteLength);
        return (statement.get(collection, w.id, bytes, w.payloadJson) as { key: number }).key;
      }),
    );
    return { keys, revision };
  }

  deleteKeys(collection: string, keys: number[]): { revision: number } {
    // `+collection` keeps SQLite on rowid lookups instead of scanning the collection.
    const statement = this.db.prepare(
      'DELETE FROM points WHERE key IN (SELECT value FROM json_each(?)) AND +collection = ?',
    );
    const { revision } = this.inTransaction(collection, () => {
      for (const chunk of chunks(keys, 10_000)) statement.run(JSON.stringify(chunk), collection);
    });
    return { revision };
  }

  close(): void {
    if (this.db.isOpen) this.db.close();
  }

  /** Runs `work` and bumps the collection's revision in one transaction. */
  private inTransaction<T>(collection: string, work: () => T): { result: T; revision: number } {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      const { revision } = this.db
        .prepare('UPDATE collections SET revision = revision + 1 WHERE name = ? RETURNING revision')
        .get(collection) as { revision: number };
      this.db.exec('COMMIT');
      return { result, revision };
    } catch (error) {
      this.db.exec('ROLLBACK');
      throw error;
    }
  }
}

function toFloat32(blob: Uint8Array): Float32Array {
  return new Float32Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength));
}

function* chunks<T>(items: T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
