import { AsciiFastWriter, RecommendResponse, type RecommendedItem } from '@demand/contracts';
import type { RecommendResult, Recommended } from '@demand/recommend';

/** What an answer carries beside its list, chosen where the call is served (the gRPC thread). */
export interface AnswerEnvelope {
  recommendationId: string;
  arm: string;
  modelVersions: Record<string, string>;
}

/**
 * A Recommend answer encoded once, where its list was computed, with what the served-list log
 * needs of it, so the thread serving the call forwards the bytes without building or encoding
 * the message again.
 */
export interface EncodedAnswer extends ListedItems {
  bytes: Uint8Array;
  coldStart: boolean;
}

/** A list's item ids and scores, in order, as the served-list log records them. */
export interface ListedItems {
  itemIds: string[];
  scores: number[];
}

export function listedItems(items: readonly RecommendedItem[]): ListedItems {
  return { itemIds: items.map((i) => i.itemId), scores: items.map((i) => i.score) };
}

/** A computed list as the wire's RecommendResponse bytes. */
export function encodeAnswer(
  result: RecommendResult,
  items: readonly { id: string }[],
  envelope: AnswerEnvelope,
): EncodedAnswer {
  const response: RecommendResponse = {
    recommendationId: envelope.recommendationId,
    items: result.items.map((r) => toItem(r, items)),
    coldStart: result.coldStart,
    arm: envelope.arm,
    modelVersions: envelope.modelVersions,
  };
  return encodeResponse(response);
}

/**
 * The writer every answer of this thread is encoded with, its buffer kept from one answer to the
 * next (a writer per answer grew a new buffer several times each call); `finish` copies the bytes
 * out and resets it. Its ASCII path writes ids and reasons of 33 to 127 characters without a
 * `subarray` and an `encodeInto` call each.
 */
const writer = new AsciiFastWriter();

function encodedBytes(response: RecommendResponse): Uint8Array {
  try {
    return RecommendResponse.encode(response, writer).finish();
  } catch (err) {
    writer.finish(); // nothing half-written is left for the next answer
    throw err;
  }
}

/** A built RecommendResponse (the cold list's) as an encoded answer. */
export function encodeResponse(response: RecommendResponse): EncodedAnswer {
  return {
    bytes: encodedBytes(response),
    ...listedItems(response.items),
    coldStart: response.coldStart,
  };
}

export function toItem(r: Recommended, items: readonly { id: string }[]): RecommendedItem {
  return {
    itemId: r.id,
    score: r.score,
    reasons: r.reasons.map((x) => ({
      source: x.source,
      text: x.text,
      anchorItemId: x.anchor !== undefined ? (items[x.anchor]?.id ?? '') : '',
    })),
  };
}
