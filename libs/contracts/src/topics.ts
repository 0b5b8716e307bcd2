import type { BinaryWriter } from '@bufbuild/protobuf/wire';
import { KeptWriter } from './kept-writer.js';
import { decodeCleanEventList, decodeEventList, encodeCleanEventList, encodeEventList } from './event-codec.js';
import { CleanEvent, Event, ItemUpsert } from './gen/demand/v1/events.js';
import { DemandLevel, ForecastUpdated } from './gen/demand/v1/forecast.js';
import { FeaturesUpdated } from './gen/demand/v1/features.js';
import { UserForgotten } from './gen/demand/v1/privacy.js';
import { RecsServed } from './gen/demand/v1/recommend.js';
import { EmbeddingUpdated } from './gen/demand/v1/text_analysis.js';
import { CleanText } from './gen/demand/v1/texts.js';
import { ModelDecision } from './gen/demand/v1/feedback.js';
import { ModelPublished, TrainingRequested } from './gen/demand/v1/training.js';

/** Encoder/decoder pair of one protobuf message type, as ts-proto generates it. */
export interface MessageCodec<T> {
  encode(message: T, writer?: BinaryWriter): { finish(): Uint8Array };
  decode(input: Uint8Array): T;
  fromPartial?(object: unknown): T;
}

/**
 * A topic's batched records: many values in one record (the collector writes one per request
 * and partition), told apart from single values by the record's `content-type` header.
 */
export interface BatchedForm<T> {
  /** Value of the `content-type` header of a batched record. */
  readonly contentType: string;
  encode(values: readonly T[]): Uint8Array;
  /**
   * The same batch from values already encoded, each given as parts whose concatenation is the
   * value's encoding (its bytes as received, say, with a field appended): nothing is encoded again.
   * Absent: the form is only written from values.
   */
  joinEncoded?(values: readonly (readonly Uint8Array[])[]): Uint8Array;
  decode(bytes: Uint8Array): T[];
}

/**
 * One Kafka topic: its name, the protobuf type of its values, how records are keyed
 * (which decides partitioning) and where records that cannot be handled go.
 */
export interface TopicDefinition<T> {
  readonly name: string;
  readonly codec: MessageCodec<T>;
  readonly keyOf: (message: T) => string;
  readonly dlq: string;
  readonly partitions: number;
  /** Content type of a single value; a record without a `content-type` header holds one. */
  readonly contentType: string;
  /** Present when the topic also carries batched records (consumers see their values one by one). */
  readonly batched?: BatchedForm<T>;
  /** Log compaction: Kafka keeps the latest record of each key (a table, read whole by every replica). */
  readonly compacted?: boolean;
  /**
   * Set by the bus of a named tenant on its copy of the topic: records must carry it in the
   * `x-tenant` header. Absent: the default tenant's topic, whose records carry no tenant header.
   */
  readonly tenant?: string;
}

function defineTopic<T>(
  name: string,
  typeName: string,
  codec: MessageCodec<T>,
  keyOf: (message: T) => string,
  more: { batched?: BatchedForm<T>; compacted?: boolean; partitions?: number } = {},
): TopicDefinition<T> {
  return {
    name,
    codec,
    keyOf,
    dlq: `${name}.dlq`,
    partitions: 8,
    contentType: protobufContentType(typeName),
    ...more,
  };
}

/**
 * The values of one record of `topic`, for any Kafka consumer: a batched record's values in
 * order, or the single value. `contentType` is the record's `content-type` header, if any.
 */
export function valuesOfRecord<T>(topic: TopicDefinition<T>, value: Uint8Array, contentType: string | undefined): T[] {
  return isBatchedRecord(topic, contentType) ? topic.batched!.decode(value) : [topic.codec.decode(value)];
}

export function isBatchedRecord<T>(topic: TopicDefinition<T>, contentType: string | undefined): boolean {
  return topic.batched !== undefined && contentType === topic.batched.contentType;
}

function protobufContentType(typeName: string): string {
  return `application/x-protobuf; messageType=${typeName}`;
}

function partsLength(parts: readonly Uint8Array[]): number {
  let length = 0;
  for (const part of parts) length += part.length;
  return length;
}

/** Protobuf's varint, written in place (a BinaryWriter per value costs three times the copying itself). */
function varintSize(value: number): number {
  let size = 1;
  while (value >= 0x80) {
    value >>>= 7;
    size++;
  }
  return size;
}

function writeVarint(out: Uint8Array, at: number, value: number): number {
  while (value >= 0x80) {
    out[at++] = (value & 0x7f) | 0x80;
    value >>>= 7;
  }
  out[at++] = value;
  return at;
}

/** A batched form's writer is kept after records up to this (its buffer then up to ≈ 4×: see `KeptWriter`). */
const BATCHED_RECORD_KEPT_BYTES = 512 * 1024;

/**
 * A batched form whose message is `{ events: T[] }` (EventBatch, CleanEventBatch): `encodeEvents` writes
 * the bytes of the generated encoder, `decodeEvents` returns the generated decoder's `events`.
 */
function eventsBatch<T>(
  typeName: string,
  encodeEvents: (values: readonly T[], writer: BinaryWriter) => BinaryWriter,
  decodeEvents: (bytes: Uint8Array) => T[],
): BatchedForm<T> {
  // One writer for the form's records (a new one per record grew from 128 bytes, a copy a doubling), kept up to
  // the bus's bound on a batched record's bytes (512 KiB): an import's clean records hold up to 1000 events.
  const kept = new KeptWriter(BATCHED_RECORD_KEPT_BYTES);
  return {
    contentType: protobufContentType(typeName),
    encode: (values) => kept.written((writer) => encodeEvents(values, writer)),
    joinEncoded: (values) => {
      // Field 1 (`events`), length-delimited, once per value: what `encode` writes for each.
      let size = 0;
      for (const parts of values) {
        const length = partsLength(parts);
        size += 1 + varintSize(length) + length;
      }
      const out = new Uint8Array(size);
      let at = 0;
      for (const parts of values) {
        out[at++] = 10;
        at = writeVarint(out, at, partsLength(parts));
        for (const part of parts) {
          out.set(part, at);
          at += part.length;
        }
      }
      return out;
    },
    decode: decodeEvents,
  };
}

/** Each event kind's name in the contract (snake_case, as stored and as the README lists them), by payload case. */
export const EVENT_KIND_NAMES = {
  view: 'view',
  click: 'click',
  search: 'search',
  addToCart: 'add_to_cart',
  removeFromCart: 'remove_from_cart',
  purchase: 'purchase',
  review: 'review',
  dialogTurn: 'dialog_turn',
  itemUpsert: 'item_upsert',
} as const satisfies Record<NonNullable<Event['payload']>['$case'], string>;

/** The item a behaviour event is about; '' when none (search, dialog turns about no item, item_upsert). */
export function itemIdOf(payload: NonNullable<Event['payload']>): string {
  switch (payload.$case) {
    case 'view':
      return payload.view.itemId;
    case 'click':
      return payload.click.itemId;
    case 'addToCart':
      return payload.addToCart.itemId;
    case 'removeFromCart':
      return payload.removeFromCart.itemId;
    case 'purchase':
      return payload.purchase.itemId;
    case 'review':
      return payload.review.itemId;
    case 'dialogTurn':
      return payload.dialogTurn.itemId;
    case 'search':
    case 'itemUpsert':
      return '';
  }
}

/** Behaviour events are keyed by user so one user's events stay ordered; catalog events by item. */
export function partitionKeyOfEvent(event: Event): string {
  if (event.payload?.$case === 'itemUpsert') return event.payload.itemUpsert.itemId;
  return event.userId;
}

/** Key of a forecast series: "item:<id>", "category:<name>" or "shop". */
export function forecastSeriesId(m: Pick<ForecastUpdated, 'level' | 'id'>): string {
  if (m.level === DemandLevel.DEMAND_LEVEL_ITEM) return `item:${m.id}`;
  if (m.level === DemandLevel.DEMAND_LEVEL_CATEGORY) return `category:${m.id}`;
  return 'shop';
}

/** Every topic of the platform, listed once. */
export const Topics = {
  eventsRaw: defineTopic('events.raw.v1', 'demand.v1.Event', Event, partitionKeyOfEvent, {
    batched: eventsBatch('demand.v1.EventBatch', encodeEventList, (bytes) => decodeEventList(bytes)),
  }),
  eventsClean: defineTopic(
    'events.clean.v1',
    'demand.v1.CleanEvent',
    CleanEvent,
    (m) => (m.event ? partitionKeyOfEvent(m.event) : ''),
    { batched: eventsBatch('demand.v1.CleanEventBatch', encodeCleanEventList, decodeCleanEventList) },
  ),
  /**
   * The catalog as the preprocessor accepted it (prices in the base currency), keyed by item id
   * and compacted: the latest version of every item, read whole at start by every replica.
   */
  catalogItems: defineTopic('catalog.items.v1', 'demand.v1.ItemUpsert', ItemUpsert, (m) => m.itemId, {
    compacted: true,
  }),
  /** Reviews, queries, dialog turns and item texts, keyed by item (catalog) or user. */
  textsClean: defineTopic('texts.clean.v1', 'demand.v1.CleanText', CleanText, (m) => m.userId || m.itemId),
  /** A text embedded and stored by the embedder (with its vector), keyed by user, or by item for catalog texts. */
  embeddingsUpdated: defineTopic(
    'embeddings.updated.v1',
    'demand.v1.EmbeddingUpdated',
    EmbeddingUpdated,
    (m) => m.userId || m.itemId,
  ),
  /** Every list the recommender served (items, scores, arm, model versions), keyed by user (by list for anonymous ones). */
  recsServed: defineTopic('recs.served.v1', 'demand.v1.RecsServed', RecsServed, (m) => m.userId || m.recommendationId),
  /** The latest reconciled forecast of one series (item, category or shop), keyed by series id. */
  forecastsUpdated: defineTopic('forecasts.updated.v1', 'demand.v1.ForecastUpdated', ForecastUpdated, forecastSeriesId),
  /** A request that the owning service retrain a model, keyed by model name. */
  trainingRequested: defineTopic(
    'training.requested.v1',
    'demand.v1.TrainingRequested',
    TrainingRequested,
    (m) => m.model,
  ),
  /** A model version trained and stored by its owning service, with its offline metrics, keyed by model name. */
  modelsPublished: defineTopic('models.published.v1', 'demand.v1.ModelPublished', ModelPublished, (m) => m.model),
  /** A champion/challenger decision (promote or roll back, with the reason), keyed by model name. */
  modelDecisions: defineTopic('models.decisions.v1', 'demand.v1.ModelDecision', ModelDecision, (m) => m.model),
  /** User and item profiles the aggregator recomputed, keyed by the first user (or item) of the record. */
  featuresUpdated: defineTopic(
    'features.updated.v1',
    'demand.v1.FeaturesUpdated',
    FeaturesUpdated,
    (m) => m.userIds[0] ?? m.itemIds[0] ?? '',
  ),
  /** Users the platform was asked to forget (Privacy.ForgetUser), for services that keep their own copies. */
  usersForgotten: defineTopic(
    'privacy.forget.v1',
    'demand.v1.UserForgotten',
    UserForgotten,
    (m) => m.storedIds[0] ?? '',
    { partitions: 1 },
  ),
} as const;

export type TopicName = (typeof Topics)[keyof typeof Topics]['name'];

/** All topics and their dead-letter topics, for provisioning; a tenant's with its `topicPrefix`. */
export function allTopicNames(topicPrefix = ''): { name: string; partitions: number; compacted?: boolean }[] {
  return Object.values(Topics).flatMap(
    (t: Pick<TopicDefinition<unknown>, 'name' | 'partitions' | 'dlq' | 'compacted'>) => [
      { name: topicPrefix + t.name, partitions: t.partitions, ...(t.compacted ? { compacted: true } : {}) },
      { name: topicPrefix + t.dlq, partitions: 1 },
    ],
  );
}

/** Kafka header names the platform writes. */
export const Headers = {
  contentType: 'content-type',
  traceparent: 'traceparent',
  tracestate: 'tracestate',
  error: 'x-error',
  errorStage: 'x-error-stage',
  originalTopic: 'x-original-topic',
  originalPartition: 'x-original-partition',
  originalOffset: 'x-original-offset',
  /** A dead letter taken out of a batched record: its position in that record. */
  originalIndex: 'x-original-index',
  attempts: 'x-attempts',
  /** The tenant a record belongs to; absent on the default tenant's records. */
  tenant: 'x-tenant',
} as const;
