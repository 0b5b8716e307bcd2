import type {
  CollectionSpec,
  Filter,
  PointInput,
  RetrievedPoint,
  RetrieveOptions,
  ScoredPoint,
  SearchRequest,
  VectorStore,
} from './vector-store.port.js';
import { VectorStoreError } from './vector-store.error.js';

/** Between a tenant's prefix and a collection's own name; never inside a collection's own name. */
const SEPARATOR = '__';

/**
 * One tenant's part of a shared store: its collections are the store's named `prefix` + name
 * (`prefix` '' for the default tenant), and it lists only those, so erasing a user from "every
 * collection" never reaches another tenant's.
 */
export class TenantCollections implements VectorStore {
  constructor(
    private readonly store: VectorStore,
    private readonly prefix: string,
  ) {
    if (prefix !== '' && !prefix.endsWith(SEPARATOR)) throw new Error(`a collection prefix ends with ${SEPARATOR}`);
  }

  async ensureCollection(name: string, spec: CollectionSpec): Promise<void> {
    return this.store.ensureCollection(this.own(name), spec);
  }

  async upsert(collection: string, points: PointInput[]): Promise<void> {
    return this.store.upsert(this.own(collection), points);
  }

  async search(collection: string, request: SearchRequest): Promise<ScoredPoint[]> {
    return this.store.search(this.own(collection), request);
  }

  async retrieve(collection: string, ids: string[], options?: RetrieveOptions): Promise<RetrievedPoint[]> {
    return this.store.retrieve(this.own(collection), ids, options);
  }

  async delete(collection: string, ids: string[]): Promise<void> {
    return this.store.delete(this.own(collection), ids);
  }

  async deleteByFilter(collection: string, filter: Filter): Promise<void> {
    return this.store.deleteByFilter(this.own(collection), filter);
  }

  async count(collection: string, filter?: Filter): Promise<number> {
    return this.store.count(this.own(collection), filter);
  }

  async listCollections(): Promise<string[]> {
    return (await this.store.listCollections())
      .filter((name) => name.startsWith(this.prefix) && !name.slice(this.prefix.length).includes(SEPARATOR))
      .map((name) => name.slice(this.prefix.length));
  }

  close(): Promise<void> {
    return this.store.close();
  }

  private own(name: string): string {
    if (name.includes(SEPARATOR)) {
      throw new VectorStoreError(
        'INVALID_ARGUMENT',
        `collection name ${JSON.stringify(name)} must not contain ${SEPARATOR}`,
      );
    }
    return this.prefix + name;
  }
}
