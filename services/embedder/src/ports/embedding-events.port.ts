import type { EmbeddingUpdated } from '@demand/contracts';

/** Where the embedder announces what it embedded (embeddings.updated.v1). */
export interface EmbeddingEventSink {
  /** Resolves once the events are durably published. */
  publish(events: readonly EmbeddingUpdated[]): Promise<void>;
}
