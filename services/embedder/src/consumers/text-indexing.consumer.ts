import { Topics, type CleanText } from '@demand/contracts';
import type { ConsumedRecord, EventBus } from '@demand/bus';
import type { Logger } from '@demand/telemetry';
import type { TextIndexer } from '../domain/text-indexer.js';

/** texts.clean.v1 → embed reviews, queries and dialog turns. The bus commits only after this resolves. */
export function subscribeCleanTexts(bus: EventBus, indexer: TextIndexer, logger: Logger) {
  return bus.subscribe({
    groupId: 'embedder',
    topic: Topics.textsClean,
    fromBeginning: true,
    handle: async (batch: ConsumedRecord<CleanText>[]) => {
      const outcome = await indexer.indexTexts(batch.map((record) => record.value));
      logger.debug({ records: batch.length, ...outcome }, 'embedded clean texts');
    },
  });
}
