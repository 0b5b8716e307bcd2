import { Controller, Inject } from '@nestjs/common';
import { type CleanEvent, Topics } from '@demand/contracts';
import type { BatchOutcome, ConsumedRecord } from '@demand/bus';
import { type BatchConsumerOptions, ConsumeBatches, LOGGER } from '@demand/service-runtime';
import type { Logger } from '@demand/telemetry';
import { Aggregator } from '../domain/aggregator.js';
import { ForgottenUsers } from '@demand/forgotten-users';
import { keepsEvent } from '../domain/forgotten-users.js';

/**
 * events.clean.v1 → aggregator. The handler returns once the batch's rows are handed to the
 * store's gatherer; the bus commits the batch's offsets when the insert holding them is done
 * (deferred commit), so many fetches of every partition make one large insert. The gatherer
 * inserts on its own size and time limits, so acknowledgements come without a flush call.
 */
export const CLEAN_EVENTS_CONSUMER: BatchConsumerOptions<CleanEvent> = {
  groupId: 'aggregator',
  topic: Topics.eventsClean,
  fromBeginning: true,
  deferredCommit: { maxUnacknowledgedPerPartition: 60_000 },
};

@Controller()
export class CleanEventsConsumer {
  constructor(
    @Inject(Aggregator) private readonly aggregator: Aggregator,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(ForgottenUsers) private readonly forgotten: ForgottenUsers,
  ) {}

  @ConsumeBatches(CLEAN_EVENTS_CONSUMER)
  async cleanEvents(batch: ConsumedRecord<CleanEvent>[]): Promise<BatchOutcome<CleanEvent>> {
    const kept = batch.map((r) => r.value).filter((event) => keepsEvent(this.forgotten, event));
    const { durable, ...counts } = await this.aggregator.ingest(kept);
    const forgotten = batch.length - kept.length;
    this.logger.debug({ records: batch.length, forgotten, ...counts }, 'clean events handed to the store');
    return { rejected: [], durable };
  }
}
