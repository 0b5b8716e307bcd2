import { Controller, Inject } from '@nestjs/common';
import type { CleanEvent } from '@demand/contracts';
import type { BatchOutcome, ConsumedRecord } from '@demand/bus';
import { type BatchConsumerOptions, ConsumeBatches, LOGGER } from '@demand/service-runtime';
import type { Logger } from '@demand/telemetry';
import { Aggregator } from '../domain/aggregator.js';
import { ForgottenUsers } from '@demand/forgotten-users';
import { type EventRow, toRows } from '../domain/event-rows.js';
import { keepsEvent, keepsRow } from '../domain/forgotten-users.js';
import { INGESTED_CLEAN_EVENTS, type IngestedEvent } from './clean-event-rows.codec.js';

/**
 * events.clean.v1 → aggregator. Behaviour events arrive decoded straight into rows (see
 * INGESTED_CLEAN_EVENTS). The handler returns once the batch's rows are handed to the
 * store's gatherer; the bus commits the batch's offsets when the insert holding them is done
 * (deferred commit), so many fetches of every partition make one large insert. The gatherer
 * inserts on its own size and time limits, so acknowledgements come without a flush call.
 */
export const CLEAN_EVENTS_CONSUMER: BatchConsumerOptions<IngestedEvent> = {
  groupId: 'aggregator',
  topic: INGESTED_CLEAN_EVENTS,
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
  async cleanEvents(batch: ConsumedRecord<IngestedEvent>[]): Promise<BatchOutcome<IngestedEvent>> {
    const events: EventRow[] = [];
    const others: CleanEvent[] = [];
    for (const { value } of batch) {
      if (value.row) {
        if (keepsRow(this.forgotten, value.row)) events.push(value.row);
      } else if (keepsEvent(this.forgotten, value.clean)) others.push(value.clean);
    }
    // Catalog rows (and any event the codec left whole) go through toRows; the rest are rows already.
    const rest = toRows(others);
    const rows = { events: rest.events.length === 0 ? events : rest.events.concat(events), items: rest.items };
    const { durable, ...counts } = await this.aggregator.ingestRows(rows);
    const forgotten = batch.length - events.length - others.length;
    this.logger.debug({ records: batch.length, forgotten, ...counts }, 'clean events handed to the store');
    return { rejected: [], durable };
  }
}
