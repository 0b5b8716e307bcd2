import { Topics, type EmbeddingUpdated } from '@demand/contracts';
import type { EventBus } from '@demand/bus';
import type { EmbeddingEventSink } from '../ports/embedding-events.port.js';

/** Publishes to embeddings.updated.v1; the event id is the text id and the encoder, so re-embeddings stay distinguishable. */
export class BusEmbeddingEventSink implements EmbeddingEventSink {
  constructor(private readonly bus: EventBus) {}

  async publish(events: readonly EmbeddingUpdated[]): Promise<void> {
    if (events.length === 0) return;
    await this.bus.publish(Topics.embeddingsUpdated, events);
  }
}
