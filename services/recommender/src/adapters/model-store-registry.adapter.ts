import type { ModelStore } from '@demand/model-store';
import { RECOMMENDER_MODEL } from '../domain/model-refresher.js';
import type { ModelRecord, ModelRegistry } from '../ports/model-registry.port.js';

/** Training requests (training.requested.v1) and the model store use the same name. */
export const RECOMMENDER_MODEL_NAME = RECOMMENDER_MODEL;

/**
 * Publishes each trained model as a version of "recommender" in the model store: its data window,
 * versions and offline metrics as metadata, its rankers as rankers.json. The sources' state (ALS
 * factors, neighbour lists…) is not stored: a restart retrains from the store.
 */
export class ModelStoreRegistry implements ModelRegistry {
  constructor(private readonly store: ModelStore) {}

  async publish(record: ModelRecord): Promise<number> {
    const published = await this.store.publish(RECOMMENDER_MODEL_NAME, {
      files: { 'rankers.json': JSON.stringify(record.rankers) },
      metadata: {
        model: record.model,
        window: record.versions.data ?? '',
        versions: record.versions,
        metrics: record.metrics,
      },
    });
    return published.version;
  }
}
