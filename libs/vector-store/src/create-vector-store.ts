import { EmbeddedVectorStore, type EmbeddedVectorStoreOptions } from './embedded/embedded-vector-store.adapter.js';
import { QdrantVectorStore, type QdrantVectorStoreOptions } from './qdrant/qdrant-vector-store.adapter.js';
import { TenantCollections } from './tenant-collections.js';
import type { VectorStore } from './vector-store.port.js';

export type VectorStoreConfig = (
  | ({ kind: 'embedded' } & EmbeddedVectorStoreOptions)
  | ({ kind: 'qdrant' } & QdrantVectorStoreOptions)
) & {
  /** The tenant's collection prefix (see TenantCollections); absent: every collection of the store. */
  collectionPrefix?: string;
};

/** Picks the adapter named by (already validated) config, seen through the tenant's prefix when given. */
export function createVectorStore(config: VectorStoreConfig): VectorStore {
  const store = config.kind === 'embedded' ? new EmbeddedVectorStore(config) : new QdrantVectorStore(config);
  return config.collectionPrefix === undefined ? store : new TenantCollections(store, config.collectionPrefix);
}
