import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type {
  CollectionSpec,
  Filter,
  PayloadIndexSpec,
  PointInput,
  RetrievedPoint,
  RetrieveOptions,
  ScoredPoint,
  SearchRequest,
  VectorStore,
} from '../vector-store.port.js';
import { collectionNotFound, VectorStoreError } from '../vector-store.error.js';
import {
  checkCollectionName,
  checkCollectionSpec,
  checkDeleteFilter,
  checkIds,
  checkPoints,
  checkSearchRequest,
  normalizeFilter,
} from '../validation.js';
import { EmbeddedCollection } from './embedded-collection.js';
import { PointDatabase } from './point-database.js';

export interface EmbeddedVectorStoreOptions {
  /** Holds `vector-store.sqlite` and `indexes/<collection>.usearch`; created when missing. */
  dataDir: string;
  /** HNSW graph degree (default 16). */
  connectivity?: number;
  /** HNSW candidate list size while searching (default 64). */
  expansionSearch?: number;
  /** A search over at most this many points (collection or filter matches) is an exact scan (default 4096). */
  exactSearchMaxCandidates?: number;
}

/**
 * The embedded default: Qdrant semantics in-process, on usearch (ANN) and node:sqlite (ids,
 * vectors, payloads). One instance per data directory and process. Writes are durable once the
 * call resolves; ANN index files are saved on `close()` (or `saveIndexes()`) and rebuilt from
 * SQLite on open when missing or stale. Calls run synchronously on the calling thread.
 */
export class EmbeddedVectorStore implements VectorStore {
  private readonly db: PointDatabase;
  private readonly indexDir: string;
  private readonly collections = new Map<string, EmbeddedCollection>();
  private closed = false;

  constructor(private readonly options: EmbeddedVectorStoreOptions) {
    this.indexDir = path.join(options.dataDir, 'indexes');
    mkdirSync(this.indexDir, { recursive: true });
    this.db = new PointDatabase(path.join(options.dataDir, 'vector-store.sqlite'));
  }

  async ensureCollection(name: string, spec: CollectionSpec): Promise<void> {
    this.checkOpen();
    checkCollectionName(name);
    checkCollectionSpec(spec);
    const wantedIndexes = spec.payloadIndexes ?? [];
    const existing = this.db.findCollection(name);
    if (!existing) {
      this.db.createCollection(name, spec.dimensions, wantedIndexes);
      return;
    }
    if (existing.dimensions !== spec.dimensions) {
      throw new VectorStoreError(
        'FAILED_PRECONDITION',
        `collection "${name}" exists with ${existing.dimensions} dimensions, not ${spec.dimensions}`,
      );
    }
    const merged = mergePayloadIndexes(existing.payloadIndexes, wantedIndexes);
    if (merged.length !== existing.payloadIndexes.length) this.db.setPayloadIndexes(name, merged);
  }

  async upsert(collection: string, points: PointInput[]): Promise<void> {
    checkCollectionName(collection);
    const unique = checkPoints(points);
    if (unique.length === 0) return;
    const target = this.collection(collection);
    this.forgetOnFailure(target, () => target.upsert(unique));
  }

  async search(collection: string, request: SearchRequest): Promise<ScoredPoint[]> {
    const filter = checkSearchRequest(request);
    const target = this.collection(collection);
    const withPayload = request.withPayload ?? true;
    return target.search(request.vector, request.limit, filter, request.scoreThreshold).map(({ key, score }) => {
      const { id, payload } = target.point(key);
      return { id, score, payload: withPayload ? structuredClone(payload) : {} };
    });
  }

  async retrieve(collection: string, ids: string[], options: RetrieveOptions = {}): Promise<RetrievedPoint[]> {
    checkCollectionName(collection);
    const unique = checkIds(ids);
    if (unique.length === 0) return [];
    return this.collection(collection).retrieve(unique, options.withVector ?? false);
  }

  async delete(collection: string, ids: string[]): Promise<void> {
    checkCollectionName(collection);
    const unique = checkIds(ids);
    if (unique.length === 0) return;
    const target = this.collection(collection);
    this.forgetOnFailure(target, () => target.deleteIds(unique));
  }

  async deleteByFilter(collection: string, filter: Filter): Promise<void> {
    const normalized = checkDeleteFilter(filter);
    const target = this.collection(collection);
    this.forgetOnFailure(target, () => target.deleteMatching(normalized));
  }

  async listCollections(): Promise<string[]> {
    this.checkOpen();
    return this.db.collectionNames();
  }

  async count(collection: string, filter?: Filter): Promise<number> {
    const normalized = filter === undefined ? undefined : normalizeFilter(filter);
    return this.collection(collection).count(normalized);
  }

  /** Saves the ANN index of every open collection that changed since its last save. */
  async saveIndexes(): Promise<void> {
    this.checkOpen();
    for (const collection of this.collections.values()) collection.saveIndex();
  }

  /** Whether each open collection's ANN index was loaded from its file or rebuilt from SQLite. */
  indexSources(): Record<string, 'loaded' | 'rebuilt'> {
    return Object.fromEntries([...this.collections].map(([name, c]) => [name, c.indexSource]));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      for (const collection of this.collections.values()) collection.saveIndex();
    } finally {
      this.collections.clear();
      this.db.close();
    }
  }

  private collection(name: string): EmbeddedCollection {
    this.checkOpen();
    checkCollectionName(name);
    let collection = this.collections.get(name);
    if (!collection) {
      const record = this.db.findCollection(name);
      if (!record) throw collectionNotFound(name);
      collection = EmbeddedCollection.open(this.db, record, path.join(this.indexDir, `${name}.usearch`), {
        connectivity: this.options.connectivity,
        expansionSearch: this.options.expansionSearch,
        exactSearchMaxCandidates: this.options.exactSearchMaxCandidates ?? 4096,
      });
      this.collections.set(name, collection);
    }
    return collection;
  }

  /**
   * SQLite commits before the ANN index changes; if the index step fails, the in-memory state
   * is dropped so the next call reopens the collection and rebuilds the index from SQLite.
   */
  private forgetOnFailure(collection: EmbeddedCollection, write: () => void): void {
    try {
      write();
    } catch (error) {
      if (!(error instanceof VectorStoreError)) this.collections.delete(collection.name);
      throw error;
    }
  }

  private checkOpen(): void {
    if (this.closed) throw new VectorStoreError('FAILED_PRECONDITION', 'the embedded vector store is closed');
  }
}

function mergePayloadIndexes(existing: PayloadIndexSpec[], wanted: PayloadIndexSpec[]): PayloadIndexSpec[] {
  const merged = [...existing];
  for (const index of wanted) if (!merged.some((e) => e.field === index.field)) merged.push(index);
  return merged;
}
