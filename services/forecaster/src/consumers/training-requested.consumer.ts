import { Controller, Inject } from '@nestjs/common';
import type { ConsumedRecord } from '@demand/bus';
import { reasonsForModel, type TrainingRequested, Topics } from '@demand/contracts';
import { ConsumeBatches, LOGGER } from '@demand/service-runtime';
import type { Logger } from '@demand/telemetry';
import { DemandRefresher, FORECAST_MODEL } from '../domain/demand-refresh.js';

/**
 * training.requested.v1 → a full refit of the demand forecasts (requests for other models are
 * not ours). The refit is queued, not awaited: the batch commits at once and serving goes on.
 */
@Controller()
export class TrainingRequestedConsumer {
  constructor(
    @Inject(DemandRefresher) private readonly refresher: DemandRefresher,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @ConsumeBatches({ groupId: 'forecaster', topic: Topics.trainingRequested })
  async trainingRequested(batch: ConsumedRecord<TrainingRequested>[]): Promise<void> {
    const reason = reasonsForModel(
      batch.map((r) => r.value),
      (name) => name === FORECAST_MODEL,
    );
    if (reason === undefined) return;
    this.refresher.requestRefit(reason).catch((error: unknown) => this.logger.error({ err: error }, 'refit failed'));
  }
}
