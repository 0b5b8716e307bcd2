import type { AnalyticsStore } from '@demand/analytics-store';
import { Controller, Inject } from '@nestjs/common';
import type { ConsumedRecord } from '@demand/bus';
import { ANALYTICS_STORE, ConsumeBatches, LOGGER } from '@demand/service-runtime';
import { TextKind, Topics, type EmbeddingUpdated } from '@demand/contracts';
import type { Logger } from '@demand/telemetry';

export const SENTIMENT_COLUMNS = [
  'item_id',
  'user_id',
  'event_id',
  'occurred_at',
  'label',
  'probability',
  'rating',
  'model_version',
] as const;

/** Rows of review_sentiments from embeddings.updated.v1 records: reviews with a sentiment answer only. */
export function sentimentRows(records: readonly EmbeddingUpdated[]): unknown[][] {
  const rows: unknown[][] = [];
  for (const r of records) {
    if (r.kind !== TextKind.TEXT_KIND_REVIEW || !r.sentiment?.label || !r.itemId || !r.occurredAt) continue;
    rows.push([
      r.itemId,
      r.userId,
      r.textId,
      r.occurredAt.toISOString(),
      r.sentiment.label,
      r.sentiment.probability,
      r.rating,
      r.sentiment.modelVersion,
    ]);
  }
  return rows;
}

/** embeddings.updated.v1 → review_sentiments (few rows: one insert per batch, committed after it). */
@Controller()
export class ReviewSentimentsConsumer {
  constructor(
    @Inject(ANALYTICS_STORE) private readonly store: AnalyticsStore,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @ConsumeBatches({ groupId: 'aggregator-sentiments', topic: Topics.embeddingsUpdated, fromBeginning: true })
  async reviewSentiments(batch: ConsumedRecord<EmbeddingUpdated>[]): Promise<void> {
    const rows = sentimentRows(batch.map((r) => r.value));
    await this.store.insertCompact('review_sentiments', SENTIMENT_COLUMNS, rows);
    this.logger.debug({ records: batch.length, reviews: rows.length }, 'review sentiments stored');
  }
}
