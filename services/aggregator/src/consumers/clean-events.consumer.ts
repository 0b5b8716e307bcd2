import { Topics, type CleanEvent } from '@demand/contracts';
import type { ConsumedRecord, EventBus } from '@demand/bus';
import type { Logger } from '@demand/telemetry';
import type { Aggregator } from '../domain/aggregator.js';

/**
 * events.clean.v1 → aggregator. The handler returns once the batch's rows are handed to the
 * store's gatherer; the bus commits the batch's offsets when the insert holding them is done
 * (deferred commit), so many fetches of every partition make one large insert.
 */
export function subscribeCleanEvents(
  bus: EventBus,
  aggregator: Aggregator,
  logger: Logger,
  options: { maxUnacknowledgedPerPartition?: number } = {},
) {
  return bus.subscribe({
    groupId: 'aggregator',
    topic: Topics.eventsClean,
    fromBeginning: true,
    deferredCommit: {
      maxUnacknowledgedPerPartition: options.maxUnacknowledgedPerPartition ?? 60_000,
      flush: () => aggregator.flush(),
    },
    handle: async (batch: ConsumedRecord<CleanEvent>[]) => {
      const { durable, ...counts } = await aggregator.ingest(batch.map((r) => r.value));
      logger.debug({ records: batch.length, ...counts }, 'clean events handed to the store');
      return { rejected: [], durable };
    },
  });
}
