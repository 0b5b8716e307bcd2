import { Controller, Inject } from '@nestjs/common';
import { type CleanEvent, Topics } from '@demand/contracts';
import type { ConsumedRecord } from '@demand/bus';
import { ConsumeBatches, LOGGER } from '@demand/service-runtime';
import type { Logger } from '@demand/telemetry';
import { Aggregator } from '../domain/aggregator.js';

/** events.clean.v1 → aggregator. The bus commits the batch only after this resolves. */
@Controller()
export class CleanEventsConsumer {
  constructor(
    @Inject(Aggregator) private readonly aggregator: Aggregator,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @ConsumeBatches({ groupId: 'aggregator', topic: Topics.eventsClean, fromBeginning: true })
  async cleanEvents(batch: ConsumedRecord<CleanEvent>[]): Promise<void> {
    const result = await this.aggregator.ingest(batch.map((r) => r.value));
    this.logger.debug({ records: batch.length, ...result }, 'stored clean events');
  }
}
