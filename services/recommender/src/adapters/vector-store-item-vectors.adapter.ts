import type { VectorStore } from '@demand/vector-store';
import type { ItemVectors } from '../ports/item-vectors.port.js';

const CHUNK = 1000;

/**
 * Item vectors from the embedder's item collection (e.g. "items_1a2b3c4d"), whose point ids are
 * the item ids. A store failure fails the training run (the model serving keeps serving).
 */
export class VectorStoreItemVectors implements ItemVectors {
  constructor(
    private readonly store: VectorStore,
    private readonly collection: string,
  ) {}

  async vectors(itemIds: readonly string[]): Promise<Map<string, Float32Array>> {
    const out = new Map<string, Float32Array>();
    for (let from = 0; from < itemIds.length; from += CHUNK) {
      const points = await this.store.retrieve(this.collection, itemIds.slice(from, from + CHUNK), {
        withVector: true,
      });
      for (const p of points) if (p.vector?.length) out.set(p.id, Float32Array.from(p.vector));
    }
    return out;
  }
}
