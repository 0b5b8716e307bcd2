import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type { KnownItem } from '../domain/catalog-view.js';
import type { CatalogSnapshot } from '../ports/catalog-snapshot.port.js';

/** A storage failure worth retrying (the batch is retried, nothing is committed). */
export class CatalogSnapshotError extends Error {
  readonly transient = true;
  constructor(action: string, cause: unknown) {
    super(`catalog snapshot: cannot ${action}: ${Error.isError(cause) ? cause.message : String(cause)}`, { cause });
    this.name = 'CatalogSnapshotError';
  }
}

/** The catalog view in a SQLite file (node:sqlite) under the preprocessor's data directory. */
export class SqliteCatalogSnapshot implements CatalogSnapshot {
  static readonly fileName = 'catalog-view.sqlite';
  private db: DatabaseSync | undefined;
  private upsert: StatementSync | undefined;

  constructor(private readonly directory: string) {}

  open(): void {
    if (this.db) return;
    const file = path.join(this.directory, SqliteCatalogSnapshot.fileName);
    try {
      mkdirSync(this.directory, { recursive: true });
      const db = new DatabaseSync(file);
      db.exec(`PRAGMA journal_mode = WAL;
               PRAGMA synchronous = NORMAL;
               CREATE TABLE IF NOT EXISTS items (item_id TEXT PRIMARY KEY, item TEXT NOT NULL) WITHOUT ROWID;`);
      this.upsert = db.prepare(
        'INSERT INTO items (item_id, item) VALUES (?, ?) ON CONFLICT (item_id) DO UPDATE SET item = excluded.item',
      );
      this.db = db;
    } catch (error) {
      throw new CatalogSnapshotError(`open ${file}`, error);
    }
  }

  close(): void {
    this.db?.close();
    this.db = undefined;
    this.upsert = undefined;
  }

  async load(): Promise<KnownItem[]> {
    const db = this.ready();
    try {
      return (db.prepare('SELECT item FROM items').all() as { item: string }[]).map(
        (row) => JSON.parse(row.item) as KnownItem,
      );
    } catch (error) {
      throw new CatalogSnapshotError('load the items', error);
    }
  }

  async save(items: readonly KnownItem[]): Promise<void> {
    const db = this.ready();
    try {
      db.exec('BEGIN');
      try {
        for (const item of items) this.upsert!.run(item.itemId, JSON.stringify(item));
        db.exec('COMMIT');
      } catch (error) {
        db.exec('ROLLBACK');
        throw error;
      }
    } catch (error) {
      throw new CatalogSnapshotError('save items', error);
    }
  }

  private ready(): DatabaseSync {
    if (!this.db) throw new CatalogSnapshotError('answer', new Error('the snapshot is not open'));
    return this.db;
  }
}
