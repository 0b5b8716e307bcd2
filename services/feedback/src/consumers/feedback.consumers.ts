import { Controller, Inject } from '@nestjs/common';
import type { ConsumedRecord } from '@demand/bus';
import {
  type CleanEvent,
  type EmbeddingUpdated,
  type ForecastUpdated,
  type ModelPublished,
  type RecsServed,
  Topics,
} from '@demand/contracts';
import type { Outcome } from '@demand/online-metrics';
import { ConsumeBatches } from '@demand/service-runtime';
import {
  outcomeOf,
  type PredictionRow,
  predictionOf,
  publishedRow,
  seriesForecastOf,
  servedRow,
  type TextRow,
  textOf,
} from '../domain/feedback-rows.js';
import type { FeedbackStore } from '../ports/feedback-store.port.js';

export const FEEDBACK_STORE = Symbol('FEEDBACK_STORE');
export const VERSION_ROLE = Symbol('VERSION_ROLE');

/**
 * recs.served.v1, events.clean.v1, models.published.v1, forecasts.updated.v1 and embeddings.updated.v1
 * → the feedback tables. Each batch is
 * inserted before it is committed; tables dedupe by key on read, so redelivery counts once.
 */
@Controller()
export class FeedbackConsumers {
  constructor(
    @Inject(FEEDBACK_STORE) private readonly store: FeedbackStore,
    @Inject(VERSION_ROLE) private readonly versionRole: string,
  ) {}

  @ConsumeBatches({ groupId: 'feedback-served', topic: Topics.recsServed, fromBeginning: true })
  async servedLists(batch: ConsumedRecord<RecsServed>[]): Promise<void> {
    await this.store.saveServed(batch.map((r) => servedRow(r.value, this.versionRole)));
  }

  @ConsumeBatches({ groupId: 'feedback-outcomes', topic: Topics.eventsClean, fromBeginning: true })
  async cleanEvents(batch: ConsumedRecord<CleanEvent>[]): Promise<void> {
    const outcomes: Outcome[] = [];
    const texts: TextRow[] = [];
    for (const record of batch) {
      const outcome = outcomeOf(record.value);
      if (outcome) outcomes.push(outcome);
      const text = textOf(record.value);
      if (text) texts.push(text);
    }
    await Promise.all([this.store.saveOutcomes(outcomes), this.store.saveTexts(texts)]);
  }

  @ConsumeBatches({ groupId: 'feedback-models', topic: Topics.modelsPublished, fromBeginning: true })
  async publishedModels(batch: ConsumedRecord<ModelPublished>[]): Promise<void> {
    await this.store.savePublished(batch.map((r) => publishedRow(r.value)));
  }

  @ConsumeBatches({ groupId: 'feedback-forecasts', topic: Topics.forecastsUpdated, fromBeginning: true })
  async forecasts(batch: ConsumedRecord<ForecastUpdated>[]): Promise<void> {
    await this.store.saveForecasts(batch.map((r) => seriesForecastOf(r.value)));
  }

  @ConsumeBatches({ groupId: 'feedback-predictions', topic: Topics.embeddingsUpdated, fromBeginning: true })
  async predictions(batch: ConsumedRecord<EmbeddingUpdated>[]): Promise<void> {
    const rows = batch.map((r) => predictionOf(r.value)).filter((p): p is PredictionRow => p !== undefined);
    await this.store.savePredictions(rows);
  }
}
