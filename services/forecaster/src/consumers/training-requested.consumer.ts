import { Controller, Inject } from '@nestjs/common';
import type { ConsumedRecord } from '@demand/bus';
import { type TrainingRequested, Topics } from '@demand/contracts';
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
    const ours = batch.map((r) => r.value).filter((request) => request.model === FORECAST_MODEL);
    if (ours.length === 0) return;
    const reason = [...new Set(ours.map((request) => request.reason || 'requested'))].join(', ');
    this.refresher.requestRefit(reason).catch((error: unknown) => this.logger.error({ err: error }, 'refit failed'));
  }
}
