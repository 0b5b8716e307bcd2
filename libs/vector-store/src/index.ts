export type {
  CollectionSpec,
  Condition,
  Distance,
  FieldCondition,
  Filter,
  MatchAnyCondition,
  MatchValue,
  MatchValueCondition,
  Payload,
  PayloadIndexSpec,
  PayloadIndexType,
  PointInput,
  RangeCondition,
  RetrievedPoint,
  RetrieveOptions,
  ScoredPoint,
  SearchRequest,
  VectorInput,
  VectorStore,
} from './vector-store.port.js';
export { VectorStoreError, type VectorStoreErrorCode } from './vector-store.error.js';
export { RESERVED_PAYLOAD_KEY } from './validation.js';
export { EmbeddedVectorStore, type EmbeddedVectorStoreOptions } from './embedded/embedded-vector-store.adapter.js';
export { QdrantVectorStore, type QdrantVectorStoreOptions } from './qdrant/qdrant-vector-store.adapter.js';
export { pointUuid } from './qdrant/point-uuid.js';
export { createVectorStore, type VectorStoreConfig } from './create-vector-store.js';
export { TenantCollections } from './tenant-collections.js';
