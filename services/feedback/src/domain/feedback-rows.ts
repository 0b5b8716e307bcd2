import {
  type CleanEvent,
  type EmbeddingUpdated,
  EVENT_KIND_NAMES,
  type ForecastUpdated,
  forecastSeriesId,
  type ModelPublished,
  type RecsServed,
  TextKind,
} from '@demand/contracts';
import type { SeriesForecast } from '@demand/online-metrics';
import type { Outcome, OutcomeKind } from '@demand/online-metrics';

/** A served list as the store keeps it (the version is the one of the configured role, e.g. "ranker"). */
export interface ServedRow {
  recommendationId: string;
  userId: string;
  servedAtMs: number;
  method: string;
  page: string;
  arm: string;
  modelVersion: string;
  coldStart: boolean;
  itemIds: string[];
  scores: number[];
}

export interface PublishedRow {
  model: string;
  version: string;
  metrics: Record<string, number>;
  dataWindowStart: string;
  dataWindowEnd: string;
  trainingSetHash: string;
}

/** The version of a list's ranking: the configured role's, else every role's, sorted, so lists stay comparable. */
export function versionOf(versions: Record<string, string>, role: string): string {
  const own = versions[role];
  if (own) return own;
  return Object.entries(versions)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, version]) => `${name}=${version}`)
    .join(',');
}

export function servedRow(list: RecsServed, versionRole: string): ServedRow {
  return {
    recommendationId: list.recommendationId,
    userId: list.userId,
    servedAtMs: list.servedAt?.getTime() ?? 0,
    method: list.method,
    page: list.page,
    arm: list.arm,
    modelVersion: versionOf(list.modelVersions, versionRole),
    coldStart: list.coldStart,
    itemIds: list.itemIds,
    scores: list.scores,
  };
}

/** Clicks, carts and purchases of people; bot-flagged events and other kinds give nothing. */
export function outcomeOf(clean: CleanEvent): Outcome | undefined {
  const event = clean.event;
  const payload = event?.payload;
  if (!event || !payload || clean.flags.some((flag) => flag.startsWith('bot:'))) return undefined;
  const base = { eventId: event.eventId, userId: event.userId, atMs: event.occurredAt?.getTime() ?? 0 };
  const make = (kind: OutcomeKind, itemId: string, revenue = 0, recommendationId = '', quantity = 0): Outcome => ({
    ...base,
    kind,
    itemId,
    revenue,
    quantity,
    ...(recommendationId ? { recommendationId } : {}),
  });
  switch (payload.$case) {
    case 'click':
      return make('click', payload.click.itemId, 0, payload.click.recRequestId);
    case 'addToCart':
      return make('cart', payload.addToCart.itemId);
    case 'purchase':
      return make(
        'purchase',
        payload.purchase.itemId,
        payload.purchase.quantity * payload.purchase.unitPrice,
        '',
        payload.purchase.quantity,
      );
    default:
      return undefined;
  }
}

export interface TextRow {
  eventId: string;
  kind: string;
  atMs: number;
  text: string;
}

/** The text of a review, search or dialog turn of a person, if any. */
export function textOf(clean: CleanEvent): TextRow | undefined {
  const event = clean.event;
  const payload = event?.payload;
  if (!event || !payload || clean.flags.some((flag) => flag.startsWith('bot:'))) return undefined;
  const text =
    payload.$case === 'review'
      ? payload.review.text
      : payload.$case === 'search'
        ? payload.search.query
        : payload.$case === 'dialogTurn'
          ? payload.dialogTurn.text
          : '';
  if (!text) return undefined;
  return {
    eventId: event.eventId,
    kind: EVENT_KIND_NAMES[payload.$case],
    atMs: event.occurredAt?.getTime() ?? 0,
    text,
  };
}

/** Words for vocabulary drift: each Han character alone, other letters and digits as runs, lower-cased. */
export function textTokens(text: string): string[] {
  return text.toLowerCase().match(/\p{Script=Han}|[[\p{L}\p{N}]--\p{Script=Han}]+/gv) ?? [];
}

export function publishedRow(message: ModelPublished): PublishedRow {
  return {
    model: message.model,
    version: message.version,
    metrics: message.metrics,
    dataWindowStart: message.dataWindowStart,
    dataWindowEnd: message.dataWindowEnd,
    trainingSetHash: message.trainingSetHash,
  };
}

/** A published forecast as scored later (its points are days, YYYY-MM-DD). */
export function seriesForecastOf(message: ForecastUpdated): SeriesForecast {
  return {
    seriesId: forecastSeriesId(message),
    modelVersion: message.modelVersion,
    dataThrough: message.dataThrough,
    points: message.points.map((p) => ({ day: p.timestamp.slice(0, 10), mean: p.mean })),
  };
}

/** One answer of a text classifier head. */
export interface PredictionRow {
  textId: string;
  head: 'sentiment' | 'intent';
  modelVersion: string;
  label: string;
  /** Stars of the review (sentiment), 0 otherwise. */
  rating: number;
  atMs: number;
}

/** A review's sentiment and a dialog turn's intent, as the embedder answered them. */
export function predictionOf(message: EmbeddingUpdated): PredictionRow | undefined {
  const atMs = message.occurredAt?.getTime() ?? 0;
  if (message.kind === TextKind.TEXT_KIND_REVIEW && message.sentiment?.label) {
    const { label, modelVersion } = message.sentiment;
    return { textId: message.textId, head: 'sentiment', modelVersion, label, rating: message.rating, atMs };
  }
  if (message.kind === TextKind.TEXT_KIND_DIALOG_TURN && message.intent?.label) {
    const { label, modelVersion } = message.intent;
    return { textId: message.textId, head: 'intent', modelVersion, label, rating: 0, atMs };
  }
  return undefined;
}
