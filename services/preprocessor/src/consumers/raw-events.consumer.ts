import { Controller, Inject } from '@nestjs/common';
import { type Event, Topics } from '@demand/contracts';
import type { BatchOutcome, ConsumedRecord } from '@demand/bus';
import { type BatchConsumerOptions, ConsumeBatches, LOGGER } from '@demand/service-runtime';
import type { Logger } from '@demand/telemetry';
import { Preprocessor } from '../domain/preprocessor.js';
import { JoinedBatches, type JoinLimits, type Rejection } from './joined-batches.js';
import { PreprocessMetrics } from './preprocess.metrics.js';

export const JOIN_LIMITS = Symbol('JoinLimits');

/**
 * The handler returns once its pass is published and the duplicate window holds its events, so the batch's work is
 * done then; `deferredCommit` without a `durable` lets the bus commit it after the handler returned, the batches of
 * one fetch in one commit request (the bus commits per partition in order, and on stop what was handled).
 */
export const RAW_EVENTS_CONSUMER: BatchConsumerOptions<Event> = {
  groupId: 'preprocessor',
  topic: Topics.eventsRaw,
  fromBeginning: true,
  deferredCommit: {},
};

/** events.raw.v1 → preprocessor → events.clean.v1 + texts.clean.v1; rejected records go to events.raw.v1.dlq. */
@Controller()
export class RawEventsConsumer {
  /** The partitions' batches of one fetch, cleaned and published together. */
  private readonly joined: JoinedBatches<Event>;

  constructor(
    @Inject(Preprocessor) private readonly preprocessor: Preprocessor,
    @Inject(PreprocessMetrics) private readonly metrics: PreprocessMetrics,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(JOIN_LIMITS) limits: JoinLimits,
  ) {
    this.joined = new JoinedBatches((events) => this.preprocessed(events), limits, {
      logger,
      fallbacks: metrics.joinedPassFallbacks,
    });
  }

  @ConsumeBatches(RAW_EVENTS_CONSUMER)
  async rawEvents(batch: ConsumedRecord<Event>[]): Promise<BatchOutcome<Event>> {
    const rejected = await this.joined.submit(batch.map((r) => r.value));
    return { rejected: rejected.map(({ index, reason }) => ({ record: batch[index]!, reason })) };
  }

  private async preprocessed(events: readonly Event[]): Promise<{ rejected: readonly Rejection[] }> {
    const outcome = await this.preprocessor.process(events);
    this.metrics.record(outcome);
    if (outcome.duplicates > 0 || outcome.rejected.length > 0) {
      this.logger.info(
        {
          records: events.length,
          published: outcome.published,
          texts: outcome.texts,
          duplicates: outcome.duplicates,
          rejected: outcome.rejected.length,
        },
        'preprocessed batch',
      );
    }
    return outcome;
  }
}
