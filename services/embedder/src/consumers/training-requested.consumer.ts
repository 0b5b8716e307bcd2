import { Controller, Inject } from '@nestjs/common';
import type { ConsumedRecord } from '@demand/bus';
import { reasonsForModel, type TrainingRequested, Topics } from '@demand/contracts';
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
    const requests = batch.map((record) => record.value);
    const models = new Set(requests.flatMap((request) => MODEL_NAMES[request.model] ?? []));
    for (const model of models) {
      const reason = reasonsForModel(requests, (name) => MODEL_NAMES[name] === model);
      if (reason === undefined) continue;
      const outcome = await this.models.retrain(model, reason);
      this.logger.info({ model, requestedFor: reason, ...outcome }, 'training request handled');
    }
  }
}
