import { EmbeddedVectorStore, type EmbeddedVectorStoreOptions } from './embedded/embedded-vector-store.adapter.js';
import { QdrantVectorStore, type QdrantVectorStoreOptions } from './qdrant/qdrant-vector-store.adapter.js';
import type { VectorStore } from './vector-store.port.js';

export type VectorStoreConfig =
  | ({ kind: 'embedded' } & EmbeddedVectorStoreOptions)
  | ({ kind: 'qdrant' } & QdrantVectorStoreOptions);

/** Picks the adapter named by (already validated) config. */
export function createVectorStore(config: VectorStoreConfig): VectorStore {
  switch (config.kind) {
    case 'embedded':
      return new EmbeddedVectorStore(config);
    case 'qdrant':
      return new QdrantVectorStore(config);
  }
}
