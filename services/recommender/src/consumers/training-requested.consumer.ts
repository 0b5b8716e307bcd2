import { Controller, Inject } from '@nestjs/common';
import type { ConsumedRecord } from '@demand/bus';
import { reasonsForModel, type TrainingRequested, Topics } from '@demand/contracts';
import { ConsumeBatches } from '@demand/service-runtime';
import { ModelRefresher, RECOMMENDER_MODEL } from '../domain/model-refresher.js';

/**
 * training.requested.v1 → one more training run in the worker, a new model version when it is
 * done (requests for other models are not ours). The run is queued, not awaited: the batch
 * commits at once, serving goes on, and a failed run is logged by the refresher as scheduled ones are.
 */
@Controller()
export class TrainingRequestedConsumer {
  constructor(@Inject(ModelRefresher) private readonly refresher: ModelRefresher) {}

  @ConsumeBatches({ groupId: 'recommender', topic: Topics.trainingRequested })
  async trainingRequested(batch: ConsumedRecord<TrainingRequested>[]): Promise<void> {
    const reason = reasonsForModel(
      batch.map((r) => r.value),
      (name) => name === RECOMMENDER_MODEL,
    );
    if (reason !== undefined) void this.refresher.refresh(reason);
  }
}
