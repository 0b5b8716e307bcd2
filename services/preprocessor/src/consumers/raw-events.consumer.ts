import { Topics, type Event } from '@demand/contracts';
import type { ConsumedRecord, EventBus } from '@demand/bus';
import type { Logger } from '@demand/telemetry';
import type { Preprocessor } from '../domain/preprocessor.js';
import type { PreprocessMetrics } from './preprocess.metrics.js';

/** events.raw.v1 → preprocessor → events.clean.v1 + texts.clean.v1; rejected records go to events.raw.v1.dlq. */
export function subscribeRawEvents(
  bus: EventBus,
  preprocessor: Preprocessor,
  metrics: PreprocessMetrics,
  logger: Logger,
) {
  return bus.subscribe({
    groupId: 'preprocessor',
    topic: Topics.eventsRaw,
    fromBeginning: true,
    handle: async (batch: ConsumedRecord<Event>[]) => {
      const outcome = await preprocessor.process(batch.map((r) => r.value));
      metrics.record(outcome);
      if (outcome.duplicates > 0 || outcome.rejected.length > 0) {
        logger.info(
          {
            records: batch.length,
            published: outcome.published,
            texts: outcome.texts,
            duplicates: outcome.duplicates,
            rejected: outcome.rejected.length,
          },
          'preprocessed batch',
        );
      }
      return { rejected: outcome.rejected.map(({ index, reason }) => ({ record: batch[index]!, reason })) };
    },
  });
}
