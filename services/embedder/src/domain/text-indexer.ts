import { CleanEvent, type CleanText, type EmbeddingUpdated, type ItemUpsert, type Prediction } from '@demand/contracts';
import type { PointInput, VectorStore } from '@demand/vector-store';
import type { CatalogTermsStore } from '../ports/catalog-terms-store.port.js';
import type { EmbeddingEventSink } from '../ports/embedding-events.port.js';
import type { TrainingTextRow, TrainingTextSink } from '../ports/training-corpus.port.js';
import type { EncoderHandle, TextModels } from '../ports/text-models.port.js';
import type { CatalogTerms } from './catalog-terms.js';
import { collectionName, textKindOf, type Collections, type IndexedKind } from './collections.js';
import { asCallerError } from './embedder-error.js';
import { modelText } from './model-text.js';
import { predict } from './text-heads.js';
import {
  documentOfCleanText,
  documentOfItemEvent,
  itemFieldsForReviews,
  type Skipped,
  type TextDocument,
} from './text-documents.js';

export interface TextIndexerDeps {
  models: TextModels;
  store: VectorStore;
  collections: Collections;
  events: EmbeddingEventSink;
  catalog: CatalogTerms;
  catalogStore: CatalogTermsStore;
  /** Where indexed texts are kept as the models' training corpus. */
  trainingTexts?: TrainingTextSink;
  clock?: () => Date;
  /** Texts per encoder call; the batcher cuts them into model batches (default 256). */
  chunkSize?: number;
}

export interface IndexOutcome {
  indexed: number;
  skipped: number;
  byKind: Partial<Record<IndexedKind, number>>;
}

/**
 * Texts in, vectors out: embeds a batch of clean texts or catalog items, lets the heads read
 * reviews and customer turns, upserts the vectors (by stable ids, so a redelivered batch
 * overwrites itself) with their payloads, and announces each on embeddings.updated.v1.
 */
export class TextIndexer {
  private readonly clock: () => Date;
  private readonly chunkSize: number;
  /** Catalog terms version last saved (a failed batch retried later still saves what it added). */
  private savedCatalogVersion: number | undefined;

  constructor(private readonly deps: TextIndexerDeps) {
    this.clock = deps.clock ?? (() => new Date());
    this.chunkSize = deps.chunkSize ?? 256;
  }

  async indexTexts(texts: readonly CleanText[]): Promise<IndexOutcome> {
    return this.index(texts.map(documentOfCleanText));
  }

  async indexItems(events: readonly CleanEvent[]): Promise<IndexOutcome> {
    const { catalog, catalogStore } = this.deps;
    for (const event of events) {
      if (event.event?.payload?.$case === 'itemUpsert') catalog.addItem(event.event.payload.itemUpsert);
    }
    const outcome = await this.index(events.map(documentOfItemEvent));
    if (catalog.version !== this.savedCatalogVersion) {
      await catalogStore.save(catalog.snapshot());
      this.savedCatalogVersion = catalog.version;
    }
    return outcome;
  }

  /**
   * Embeds the catalog with an encoder that is not in service yet, into that encoder's
   * collections, so it can take over item searches at once (see TextModelManager's encoder swap).
   */
  async reembedCatalog(handle: EncoderHandle, items: readonly ItemUpsert[]): Promise<IndexOutcome> {
    let total: IndexOutcome = { indexed: 0, skipped: 0, byKind: {} };
    for (let start = 0; start < items.length; start += this.chunkSize) {
      const events = items
        .slice(start, start + this.chunkSize)
        .map((itemUpsert) => CleanEvent.fromPartial({ event: { payload: { $case: 'itemUpsert', itemUpsert } } }));
      const outcome = await this.index(events.map(documentOfItemEvent), handle);
      total = {
        indexed: total.indexed + outcome.indexed,
        skipped: total.skipped + outcome.skipped,
        byKind: { item: (total.byKind.item ?? 0) + (outcome.byKind.item ?? 0) },
      };
    }
    return total;
  }

  private async index(candidates: readonly (TextDocument | Skipped)[], encoder?: EncoderHandle): Promise<IndexOutcome> {
    const latest = new Map<string, TextDocument>();
    let skipped = 0;
    for (const candidate of candidates) {
      if ('skipped' in candidate) skipped++;
      else latest.set(`${candidate.kind}/${candidate.pointId}`, candidate);
    }
    const documents = [...latest.values()];
    if (documents.length === 0) return { indexed: 0, skipped, byKind: {} };
    const handle = encoder ?? this.deps.models.encoder();
    const heads = documents.some((d) => d.head !== undefined) ? this.deps.models.heads() : undefined;
    await this.deps.collections.ensure(handle.tag, handle.dimensions);
    const texts = documents.map((d) => modelText(d.text));
    const vectors = await this.embed(handle, texts);
    const predictions = documents.map((document, i) => {
      if (!heads || !document.head) return undefined;
      return predict(heads[document.head], vectors[i] as Float32Array, texts[i] as string);
    });
    await this.addItemFields(handle, documents);
    const embeddedAt = this.clock();
    const points = new Map<string, PointInput[]>();
    const events: EmbeddingUpdated[] = [];
    const byKind: Partial<Record<IndexedKind, number>> = {};
    documents.forEach((document, i) => {
      const vector = vectors[i] as Float32Array;
      const prediction = predictions[i];
      const collection = collectionName(document.kind, handle.tag);
      const payload = { ...document.payload, ...(prediction ? headPayload(document.head, prediction) : {}) };
      const batch = points.get(collection) ?? [];
      batch.push({ id: document.pointId, vector, payload });
      points.set(collection, batch);
      byKind[document.kind] = (byKind[document.kind] ?? 0) + 1;
      events.push({
        textId: document.textId,
        kind: textKindOf(document.kind),
        collection,
        pointId: document.pointId,
        itemId: document.itemId,
        userId: document.userId,
        conversationId: document.conversationId,
        language: document.language,
        vector: Array.from(vector),
        encoderVersion: handle.version,
        occurredAt: document.occurredAt,
        embeddedAt,
        sentiment: document.head === 'sentiment' ? prediction : undefined,
        rating: document.rating,
        intent: document.head === 'intent' ? prediction : undefined,
      });
    });
    for (const [collection, batch] of points) await this.deps.store.upsert(collection, batch);
    await this.deps.trainingTexts?.record(documents.map(trainingRow));
    await this.deps.events.publish(events);
    return { indexed: documents.length, skipped, byKind };
  }

  private async embed(handle: EncoderHandle, texts: readonly string[]): Promise<Float32Array[]> {
    const vectors: Float32Array[] = [];
    try {
      for (let start = 0; start < texts.length; start += this.chunkSize)
        vectors.push(...(await handle.encoder.encode(texts.slice(start, start + this.chunkSize))));
    } catch (error) {
      throw asCallerError(error);
    }
    return vectors;
  }

  /** Copies category, brand and price of reviewed items that are already indexed onto their reviews. */
  private async addItemFields(handle: EncoderHandle, documents: readonly TextDocument[]): Promise<void> {
    const reviews = documents.filter((d) => d.kind === 'review' && d.itemId);
    if (reviews.length === 0) return;
    const items = await this.deps.store.retrieve(collectionName('item', handle.tag), [
      ...new Set(reviews.map((d) => d.itemId)),
    ]);
    const byId = new Map(items.map((item) => [item.id, item.payload]));
    for (const review of reviews) {
      const item = byId.get(review.itemId);
      if (item) Object.assign(review.payload, itemFieldsForReviews(item));
    }
  }
}

function headPayload(head: TextDocument['head'], prediction: Prediction): Record<string, unknown> {
  return head === 'sentiment'
    ? { sentiment: prediction.label, sentiment_probability: prediction.probability }
    : { intent: prediction.label, intent_probability: prediction.probability };
}

const TRAINING_KINDS: Record<TextDocument['kind'], TrainingTextRow['kind']> = {
  item: 'item',
  review: 'review',
  query: 'query',
  dialog: 'dialog_turn',
};

function trainingRow(document: TextDocument): TrainingTextRow {
  const role = document.payload['role'];
  return {
    text_id: document.textId,
    kind: TRAINING_KINDS[document.kind],
    text: document.text,
    rating: document.rating,
    role: typeof role === 'string' ? role : '',
    item_id: document.itemId,
    user_id: document.userId,
    language: document.language,
    occurred_at: (document.occurredAt ?? new Date(0)).toISOString(),
  };
}
