import type { EventBus } from '@demand/bus';
import { type ModelPublished, Topics } from '@demand/contracts';
import type { ModelRecord, ModelRegistry } from '../ports/model-registry.port.js';
import { RECOMMENDER_MODEL_NAME } from './model-store-registry.adapter.js';

/**
 * The announcement of a stored version on models.published.v1, for the feedback service's
 * champion/challenger gate: the version is the ranker's (as served lists name it in
 * model_versions.ranker) and `ndcg@10` is the chosen ranker's validation NDCG@10.
 */
export function modelPublishedOf(record: ModelRecord): ModelPublished {
  const ranker = record.versions.ranker ?? '';
  const chosen = ranker.split('@')[0] ?? '';
  const ndcg = record.metrics.rankerNdcg10?.[chosen];
  const [from = '', through = ''] = (/^ch:([^.]+)\.\.([^:]+):/.exec(record.versions.data ?? '') ?? []).slice(1);
  return {
    model: RECOMMENDER_MODEL_NAME,
    version: ranker,
    metrics: ndcg === undefined ? {} : { 'ndcg@10': ndcg },
    dataWindowStart: from,
    dataWindowEnd: through,
    trainingSetHash: '',
  };
}

/** Stores each version with the inner registry, then announces it; a failed announcement fails the publish (logged by the refresher). */
export class AnnouncedRegistry implements ModelRegistry {
  constructor(
    private readonly inner: ModelRegistry,
    private readonly bus: EventBus,
  ) {}

  async publish(record: ModelRecord): Promise<number> {
    const version = await this.inner.publish(record);
    await this.bus.publish(Topics.modelsPublished, [modelPublishedOf(record)]);
    return version;
  }
}
