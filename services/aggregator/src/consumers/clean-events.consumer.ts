import { Topics, type CleanEvent } from '@demand/contracts';
import type { ConsumedRecord, EventBus } from '@demand/bus';
import type { Logger } from '@demand/telemetry';
import type { Aggregator } from '../domain/aggregator.js';

/** events.clean.v1 → aggregator. The bus commits the batch only after this resolves. */
export function subscribeCleanEvents(bus: EventBus, aggregator: Aggregator, logger: Logger) {
  return bus.subscribe({
    groupId: 'aggregator',
    topic: Topics.eventsClean,
    fromBeginning: true,
    handle: async (batch: ConsumedRecord<CleanEvent>[]) => {
      const result = await aggregator.ingest(batch.map((r) => r.value));
      logger.debug({ records: batch.length, ...result }, 'stored clean events');
    },
  });
}
