import { existsSync } from 'node:fs';
import type { Filter, Payload, PointInput, RetrievedPoint } from '../vector-store.port.js';
import { dimensionMismatch } from '../validation.js';
import { invalidArgument } from '../vector-store.error.js';
import { AnnIndex, fileSha256, type AnnIndexOptions, type AnnMatch } from './ann-index.js';
import { compileFilter } from './payload-filter.js';
import type { CollectionRecord, PointDatabase, PointWrite } from './point-database.js';
import { dot, toUnitVector } from './unit-vector.js';

export interface CollectionTuning {
  connectivity?: number;
  expansionSearch?: number;
  /** A search over at most this many points (the whole collection, or those a filter matches) is an exact scan. */
  exactSearchMaxCandidates: number;
}

interface StoredPoint {
  id: string;
  payload: Payload;
}

export interface KeyedMatch {
  key: number;
  score: number;
}

const REBUILD_BATCH = 1024;

/**
 * One collection of the embedded store: the SQLite rows are the truth; an in-memory copy of
 * ids and payloads answers filters; the usearch index answers nearest-neighbour queries and is
 * loaded from its file when that file reflects the current revision, else rebuilt from SQLite.
 */
export class EmbeddedCollection {
  private readonly byKey = new Map<number, StoredPoint>();
  private readonly keyById = new Map<string, number>();
  private index!: AnnIndex;
  private revision: number;
  private savedRevision: number;
  /** How the ANN index came to memory when the collection was opened. */
  indexSource: 'loaded' | 'rebuilt' = 'rebuilt';

  private constructor(
    private readonly db: PointDatabase,
    private readonly record: CollectionRecord,
    private readonly indexPath: string,
    private readonly tuning: CollectionTuning,
  ) {
    this.revision = record.revision;
    this.savedRevision = record.indexRevision;
  }

  static open(
    db: PointDatabase,
    record: CollectionRecord,
    indexPath: string,
    tuning: CollectionTuning,
  ): EmbeddedCollection {
    const collection = new EmbeddedCollection(db, record, indexPath, tuning);
    for (const point of db.points(record.name)) {
      collection.byKey.set(point.key, { id: point.id, payload: JSON.parse(point.payloadJson) as Payload });
      collection.keyById.set(point.id, point.key);
    }
    collection.index = collection.loadIndex() ?? collection.rebuildIndex();
    return collection;
  }

  get name(): string {
    return this.record.name;
  }

  get dimensions(): number {
    return this.record.dimensions;
  }

  upsert(points: PointInput[]): void {
    const writes: PointWrite[] = points.map((p) => {
      if (p.vector.length !== this.dimensions) throw dimensionMismatch(this.dimensions, p.vector.length);
      return { id: p.id, vector: toUnitVector(p.vector), payloadJson: payloadToJson(p) };
    });
    const { keys, revision } = this.db.upsert(this.name, writes);
    this.revision = revision;
    this.index.remove(keys.filter((key) => this.byKey.has(key)));
    const rows = new Float32Array(keys.length * this.dimensions);
    writes.forEach((w, i) => rows.set(w.vector, i * this.dimensions));
    this.index.add(keys, rows);
    writes.forEach((w, i) => {
      this.byKey.set(keys[i], { id: w.id, payload: JSON.parse(w.payloadJson) as Payload });
      this.keyById.set(w.id, keys[i]);
    });
  }

  search(
    vector: Float32Array | number[],
    limit: number,
    filter: Filter | undefined,
    scoreThreshold: number | undefined,
  ): KeyedMatch[] {
    if (vector.length !== this.dimensions) throw dimensionMismatch(this.dimensions, vector.length);
    const query = toUnitVector(vector);
    const passes = (m: KeyedMatch) => scoreThreshold === undefined || m.score >= scoreThreshold;
    const total = this.byKey.size;
    // Few points: a scan is exact, and cheaper than walking the graph.
    if (!filter && total <= this.tuning.exactSearchMaxCandidates)
      return this.exactSearch(query, [...this.byKey.keys()], limit).filter(passes);
    let candidates: Set<number> | undefined;
    if (filter) {
      const matching = this.keysMatching(filter);
      if (matching.length <= this.tuning.exactSearchMaxCandidates)
        return this.exactSearch(query, matching, limit).filter(passes);
      candidates = new Set(matching);
    }
    const wanted = Math.min(limit, candidates?.size ?? total);
    // Over-fetch in proportion to how few points pass the filter, then widen until enough do.
    let k = candidates ? Math.ceil((2 * limit * total) / candidates.size) : limit;
    for (;;) {
      k = Math.min(k, total);
      const raw: AnnMatch[] = this.index.search(query, k);
      const hits = (candidates ? raw.filter((m) => candidates.has(m.key)) : raw).filter(passes);
      if (hits.length >= wanted) return hits.slice(0, limit);
      const restScoreBelowThreshold =
        scoreThreshold !== undefined && raw.length > 0 && raw[raw.length - 1].score < scoreThreshold;
      if (restScoreBelowThreshold) return hits;
      if (k >= total) break;
      k *= 4;
    }
    return this.exactSearch(query, candidates ? [...candidates] : [...this.byKey.keys()], limit).filter(passes);
  }

  point(key: number): StoredPoint {
    const point = this.byKey.get(key);
    if (!point) throw new Error(`ANN index of "${this.name}" returned unknown key ${key}`);
    return point;
  }

  retrieve(ids: string[], withVector: boolean): RetrievedPoint[] {
    const keys = ids.map((id) => this.keyById.get(id)).filter((key): key is number => key !== undefined);
    const vectors = withVector ? this.db.vectorsByKey(this.name, keys) : undefined;
    return keys.map((key) => {
      const { id, payload } = this.point(key);
      const found: RetrievedPoint = { id, payload: structuredClone(payload) };
      const vector = vectors?.get(key);
      if (vector) found.vector = Array.from(vector);
      return found;
    });
  }

  deleteIds(ids: string[]): void {
    this.deleteKeys(ids.map((id) => this.keyById.get(id)).filter((key): key is number => key !== undefined));
  }

  deleteMatching(filter: Filter): void {
    this.deleteKeys(this.keysMatching(filter));
  }

  count(filter: Filter | undefined): number {
    return filter ? this.keysMatching(filter).length : this.byKey.size;
  }

  /** Writes the ANN index file when writes happened since it was last saved. */
  saveIndex(): void {
    if (this.savedRevision === this.revision) return;
    const sha256 = this.index.saveAtomically(this.indexPath);
    this.db.markIndexSaved(this.name, this.revision, sha256);
    this.savedRevision = this.revision;
  }

  private deleteKeys(keys: number[]): void {
    if (keys.length === 0) return;
    this.revision = this.db.deleteKeys(this.name, keys).revision;
    this.index.remove(keys);
    for (const key of keys) {
      this.keyById.delete(this.byKey.get(key)!.id);
      this.byKey.delete(key);
    }
  }

  private keysMatching(filter: Filter): number[] {
    const matches = compileFilter(filter);
    const keys: number[] = [];
    for (const [key, point] of this.byKey) if (matches(point.payload)) keys.push(key);
    return keys;
  }

  private exactSearch(query: Float32Array, keys: number[], limit: number): KeyedMatch[] {
    const scored: KeyedMatch[] = [];
    for (const [key, vector] of this.db.vectorsByKey(this.name, keys)) scored.push({ key, score: dot(query, vector) });
    return scored.sort((a, b) => b.score - a.score).slice(0, limit);
  }

  private annOptions(): AnnIndexOptions {
    return {
      dimensions: this.dimensions,
      connectivity: this.tuning.connectivity,
      expansionSearch: this.tuning.expansionSearch,
    };
  }

  /** The saved index, if its file is the one saved at the current revision and holds every point. */
  private loadIndex(): AnnIndex | undefined {
    const { indexRevision, revision, indexSha256 } = this.record;
    if (indexRevision !== revision || !existsSync(this.indexPath) || fileSha256(this.indexPath) !== indexSha256)
      return undefined;
    const loaded = AnnIndex.load(this.indexPath, this.annOptions());
    if (loaded.size !== this.byKey.size) return undefined;
    this.indexSource = 'loaded';
    return loaded;
  }

  private rebuildIndex(): AnnIndex {
    const index = new AnnIndex(this.annOptions());
    let keys: number[] = [];
    let rows = new Float32Array(REBUILD_BATCH * this.dimensions);
    for (const { key, vector } of this.db.vectors(this.name)) {
      rows.set(vector, keys.length * this.dimensions);
      keys.push(key);
      if (keys.length === REBUILD_BATCH) {
        index.add(keys, rows);
        keys = [];
        rows = new Float32Array(REBUILD_BATCH * this.dimensions);
      }
    }
    index.add(keys, rows.subarray(0, keys.length * this.dimensions));
    this.indexSource = 'rebuilt';
    this.savedRevision = -1;
    return index;
  }
}

function payloadToJson(point: PointInput): string {
  try {
    return JSON.stringify(point.payload);
  } catch (error) {
    throw invalidArgument(
      `payload of point ${JSON.stringify(point.id)} is not JSON-serializable: ${(error as Error).message}`,
    );
  }
}
