import { Controller, Inject } from '@nestjs/common';
import { type CleanEvent, type CleanText, Topics } from '@demand/contracts';
import type { ConsumedRecord } from '@demand/bus';
import { ForgottenUsers } from '@demand/forgotten-users';
import { ConsumeBatches, LOGGER } from '@demand/service-runtime';
import type { Logger } from '@demand/telemetry';
import { TextIndexer } from '../domain/text-indexer.js';

/** What the embedder indexes from the bus. The bus commits a batch only after its handler resolves. */
@Controller()
export class TextIndexingConsumer {
  constructor(
    @Inject(TextIndexer) private readonly indexer: TextIndexer,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(ForgottenUsers) private readonly forgotten: ForgottenUsers,
  ) {}

  /**
   * texts.clean.v1 → embed reviews, queries and dialog turns; a forgotten user's text written to
   * the topic before the request is not indexed again (the record's time is when it was written).
   */
  @ConsumeBatches({ groupId: 'embedder', topic: Topics.textsClean, fromBeginning: true })
  async cleanTexts(batch: ConsumedRecord<CleanText>[]): Promise<void> {
    const kept = batch.filter((record) => this.forgotten.keeps(record.value.userId, record.timestamp));
    const outcome = await this.indexer.indexTexts(kept.map((record) => record.value));
    this.logger.debug(
      { records: batch.length, forgotten: batch.length - kept.length, ...outcome },
      'embedded clean texts',
    );
  }

  /** events.clean.v1 → embed catalog items (item_upsert); every other event kind is passed over. */
  @ConsumeBatches({ groupId: 'embedder-items', topic: Topics.eventsClean, fromBeginning: true })
  async itemEvents(batch: ConsumedRecord<CleanEvent>[]): Promise<void> {
    const items = batch.map((record) => record.value).filter((clean) => clean.event?.payload?.$case === 'itemUpsert');
    if (items.length === 0) return;
    const outcome = await this.indexer.indexItems(items);
    this.logger.debug({ records: batch.length, ...outcome }, 'embedded catalog items');
  }
}
