import { Controller, Inject } from '@nestjs/common';
import type { ConsumedRecord } from '@demand/bus';
import { type TrainingRequested, Topics } from '@demand/contracts';
import { ConsumeBatches, LOGGER } from '@demand/service-runtime';
import type { Logger } from '@demand/telemetry';
import { TextModelManager } from '../models/text-model-manager.js';
import { MODEL_NAMES } from '../models/training-runs.js';

/**
 * training.requested.v1 → retrain the named embedder model (encoder, sentiment, intent) on the
 * shop's latest window; requests for other services' models are passed over. The batch is
 * committed only once the retraining is done or refused with its reason.
 */
@Controller()
export class TrainingRequestedConsumer {
  constructor(
    @Inject(TextModelManager) private readonly models: TextModelManager,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @ConsumeBatches({ groupId: 'embedder-training', topic: Topics.trainingRequested })
  async trainingRequested(batch: ConsumedRecord<TrainingRequested>[]): Promise<void> {
    const ours = batch.map((record) => record.value).filter((request) => MODEL_NAMES[request.model] !== undefined);
    const models = [...new Set(ours.map((request) => MODEL_NAMES[request.model] as string))];
    for (const model of models) {
      const reason = [
        ...new Set(ours.filter((r) => MODEL_NAMES[r.model] === model).map((r) => r.reason || 'requested')),
      ];
      const outcome = await this.models.retrain(model, reason.join(', '));
      this.logger.info({ model, requestedFor: reason, ...outcome }, 'training request handled');
    }
  }
}
