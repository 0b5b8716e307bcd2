import { createRequire } from 'node:module';
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync, renameSync, rmSync } from 'node:fs';

/**
 * A cosine HNSW index over integer keys (usearch). usearch is loaded through CommonJS: its ESM
 * build recurses forever while locating the native addon.
 */

interface UsearchMatches {
  keys: BigUint64Array;
  distances: Float32Array;
}

interface UsearchIndex {
  add(keys: BigUint64Array, vectors: Float32Array, threads?: number): void;
  search(vector: Float32Array, k: number, threads?: number): UsearchMatches;
  remove(keys: BigUint64Array): number | number[];
  size(): number;
  dimensions(): number;
  save(path: string): void;
  load(path: string): void;
}

interface UsearchModule {
  Index: new (config: {
    dimensions: number;
    metric: 'cos';
    connectivity: number;
    expansion_add: number;
    expansion_search: number;
  }) => UsearchIndex;
}

const usearch = createRequire(import.meta.url)('usearch') as UsearchModule;

export interface AnnIndexOptions {
  dimensions: number;
  /** HNSW graph degree (usearch default 16). */
  connectivity?: number;
  /** Candidate list size while searching (usearch default 64); larger is more exact, slower. */
  expansionSearch?: number;
}

export interface AnnMatch {
  key: number;
  /** 1 - cosine distance, i.e. cosine similarity. */
  score: number;
}

export class AnnIndex {
  private readonly index: UsearchIndex;

  constructor(readonly options: AnnIndexOptions) {
    this.index = new usearch.Index({
      dimensions: options.dimensions,
      metric: 'cos',
      connectivity: options.connectivity ?? 16,
      expansion_add: 0,
      expansion_search: options.expansionSearch ?? 0,
    });
  }

  /** Loads a saved index; throws when the file is missing, unreadable or of other dimensions. */
  static load(path: string, options: AnnIndexOptions): AnnIndex {
    const ann = new AnnIndex(options);
    ann.index.load(path);
    if (ann.index.dimensions() !== options.dimensions) {
      throw new Error(`index file ${path} has ${ann.index.dimensions()} dimensions, expected ${options.dimensions}`);
    }
    return ann;
  }

  get size(): number {
    return this.index.size();
  }

  /** `vectors` holds keys.length rows of `dimensions` floats; the keys must not be present. */
  add(keys: number[], vectors: Float32Array): void {
    if (keys.length === 0) return;
    this.index.add(BigUint64Array.from(keys, BigInt), vectors);
  }

  remove(keys: number[]): void {
    if (keys.length === 0) return;
    this.index.remove(BigUint64Array.from(keys, BigInt));
  }

  search(vector: Float32Array, k: number): AnnMatch[] {
    if (k < 1 || this.index.size() === 0) return [];
    const { keys, distances } = this.index.search(vector, k);
    const matches: AnnMatch[] = [];
    for (let i = 0; i < keys.length; i++) matches.push({ key: Number(keys[i]), score: 1 - distances[i] });
    return matches;
  }

  /**
   * Writes to a temporary file and renames it over `path`, so a crash never leaves half a
   * file; returns the file's SHA-256 for `load` checks.
   */
  saveAtomically(path: string): string {
    const temporary = `${path}.tmp`;
    try {
      this.index.save(temporary);
      const sha256 = fileSha256(temporary);
      renameSync(temporary, path);
      return sha256;
    } catch (error) {
      rmSync(temporary, { force: true });
      throw error;
    }
  }
}

/** usearch may take many seconds to reject a corrupt file, so files are checked by hash first. */
export function fileSha256(path: string): string {
  const hash = createHash('sha256');
  const buffer = Buffer.allocUnsafe(1 << 20);
  const fd = openSync(path, 'r');
  try {
    for (let read = readSync(fd, buffer); read > 0; read = readSync(fd, buffer)) hash.update(buffer.subarray(0, read));
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}
