import { Controller, Inject } from '@nestjs/common';
import { type Event, Topics } from '@demand/contracts';
import type { BatchOutcome, ConsumedRecord } from '@demand/bus';
import { ConsumeBatches, LOGGER } from '@demand/service-runtime';
import type { Logger } from '@demand/telemetry';
import { Preprocessor } from '../domain/preprocessor.js';
import { PreprocessMetrics } from './preprocess.metrics.js';

/** events.raw.v1 → preprocessor → events.clean.v1 + texts.clean.v1; rejected records go to events.raw.v1.dlq. */
@Controller()
export class RawEventsConsumer {
  constructor(
    @Inject(Preprocessor) private readonly preprocessor: Preprocessor,
    @Inject(PreprocessMetrics) private readonly metrics: PreprocessMetrics,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @ConsumeBatches({ groupId: 'preprocessor', topic: Topics.eventsRaw, fromBeginning: true })
  async rawEvents(batch: ConsumedRecord<Event>[]): Promise<BatchOutcome<Event>> {
    const outcome = await this.preprocessor.process(batch.map((r) => r.value));
    this.metrics.record(outcome);
    if (outcome.duplicates > 0 || outcome.rejected.length > 0) {
      this.logger.info(
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
  }
}
