import { type AsciiFastWriter, KeptWriter, type RecommendedItem } from '@demand/contracts';
import type { Reason, RecommendResult, Recommended } from '@demand/recommend';

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

/**
 * A computed list as the wire's RecommendResponse bytes, written from the list field by field: the
 * bytes RecommendResponse.encode writes for `toItem`'s items (encoded-answer.test.ts compares them),
 * without building a message object for each item and each of its reasons a call first.
 */
export function encodeAnswer(
  result: RecommendResult,
  items: readonly { id: string }[],
  envelope: AnswerEnvelope,
): EncodedAnswer {
  const bytes = written((writer) => {
    if (envelope.recommendationId !== '') writer.uint32(10).string(envelope.recommendationId);
    for (const r of result.items) writeItem(writer, r, items);
    if (result.coldStart) writer.uint32(24).bool(true);
    if (envelope.arm !== '') writer.uint32(34).string(envelope.arm);
    writeVersions(writer, 42, envelope.modelVersions);
  });
  return {
    bytes,
    itemIds: result.items.map((r) => r.id),
    scores: result.items.map((r) => r.score),
    coldStart: result.coldStart,
  };
}

/** A `map<string, string>` field (its tag given) as ts-proto's encoder writes it: an entry a key, in key order. */
export function writeVersions(w: AsciiFastWriter, tag: number, versions: Readonly<Record<string, string>>): void {
  for (const key in versions) {
    w.uint32(tag).fork();
    if (key !== '') w.uint32(10).string(key);
    const value = versions[key]!;
    if (value !== '') w.uint32(18).string(value);
    w.join();
  }
}

/** One RecommendedItem (field 2 of RecommendResponse) with its RecommendationReasons, as their encoders write them. */
function writeItem(writer: AsciiFastWriter, r: Recommended, items: readonly { id: string }[]): void {
  writer.uint32(18).fork();
  if (r.id !== '') writer.uint32(10).string(r.id);
  if (r.score !== 0) writer.uint32(17).double(r.score);
  for (const reason of r.reasons) {
    writer.uint32(26).fork();
    writer.uint32(10).string(reason.source); // a source's name, never empty
    if (reason.text !== '') writer.uint32(18).string(reason.text);
    const anchorItemId = anchorIdOf(reason, items);
    if (anchorItemId !== '') writer.uint32(26).string(anchorItemId);
    writer.join();
  }
  writer.join();
}

/**
 * The writer every answer of this thread is encoded with, kept from one answer to the next. It writes strings of
 * 33 to 127 characters (reasons, UUIDs) without a `subarray` view each.
 */
const keptWriter = new KeptWriter();

/**
 * The bytes `write` put in this thread's kept writer (the answers', the served lists' records); on an error,
 * nothing half-written is left for the next.
 */
export function written(write: (writer: AsciiFastWriter) => void): Uint8Array {
  return keptWriter.written(write);
}

export function toItem(r: Recommended, items: readonly { id: string }[]): RecommendedItem {
  return {
    itemId: r.id,
    score: r.score,
    reasons: r.reasons.map((x) => ({
      source: x.source,
      text: x.text,
      anchorItemId: anchorIdOf(x, items),
    })),
  };
}

/** The id of the item a reason points at, or '' (none, or not in the catalog). */
function anchorIdOf(reason: Reason, items: readonly { id: string }[]): string {
  return reason.anchor !== undefined ? (items[reason.anchor]?.id ?? '') : '';
}
