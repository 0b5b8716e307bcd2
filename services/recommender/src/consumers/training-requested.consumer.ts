import { Controller, Inject } from '@nestjs/common';
import type { ConsumedRecord } from '@demand/bus';
import { type TrainingRequested, Topics } from '@demand/contracts';
import { ConsumeBatches, LOGGER } from '@demand/service-runtime';
import type { Logger } from '@demand/telemetry';
import { RECOMMENDER_MODEL_NAME } from '../adapters/model-store-registry.adapter.js';
import { ModelRefresher } from '../domain/model-refresher.js';

/**
 * training.requested.v1 naming "recommender" (drift, an operator) → one more training run on the
 * latest window. Queued, not awaited: the batch commits at once and serving goes on.
 */
@Controller()
export class TrainingRequestedConsumer {
  constructor(
    @Inject(ModelRefresher) private readonly refresher: ModelRefresher,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @ConsumeBatches({ groupId: 'recommender', topic: Topics.trainingRequested })
  async trainingRequested(batch: ConsumedRecord<TrainingRequested>[]): Promise<void> {
    const ours = batch.map((r) => r.value).filter((request) => request.model === RECOMMENDER_MODEL_NAME);
    if (ours.length === 0) return;
    this.logger.info({ reasons: ours.map((r) => r.reason) }, 'retraining requested');
    void this.refresher.refresh();
  }
}
