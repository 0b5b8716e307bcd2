import { Topics, type CleanEvent } from '@demand/contracts';
import type { ConsumedRecord, EventBus } from '@demand/bus';
import type { Logger } from '@demand/telemetry';
import type { TextIndexer } from '../domain/text-indexer.js';

/** events.clean.v1 → embed catalog items (item_upsert); every other event kind is passed over. */
export function subscribeItemEvents(bus: EventBus, indexer: TextIndexer, logger: Logger) {
  return bus.subscribe({
    groupId: 'embedder-items',
    topic: Topics.eventsClean,
    fromBeginning: true,
    handle: async (batch: ConsumedRecord<CleanEvent>[]) => {
      const items = batch.map((record) => record.value).filter((clean) => clean.event?.payload?.$case === 'itemUpsert');
      if (items.length === 0) return;
      const outcome = await indexer.indexItems(items);
      logger.debug({ records: batch.length, ...outcome }, 'embedded catalog items');
    },
  });
}
