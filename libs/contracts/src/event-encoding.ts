import type { BinaryWriter } from '@bufbuild/protobuf/wire';
import {
  AddToCart,
  type CleanEvent,
  Click,
  DialogTurn,
  type Event,
  ItemUpsert,
  Purchase,
  RemoveFromCart,
  Review,
  Search,
  View,
} from './gen/demand/v1/events.js';
import { Timestamp } from './gen/google/protobuf/timestamp.js';

/**
 * Encoders of the event lists every behaviour event crosses (`EventBatch`, `CleanEventBatch`): the bytes
 * of ts-proto's encoders, field for field, with the timestamps written without what ts-proto spends on
 * them: a `{ seconds, nanos }` object per `Date`, seconds turned into a BigInt to be written as int64,
 * and a fork and join of the writer per Timestamp. A timestamp at or after 1970 whose seconds fit 32
 * bits is written as a varint of the seconds (int64's bytes for such a value) with its length worked
 * out first; any other goes through the generated Timestamp encoder. `test/event-encoding.test.ts`
 * compares the bytes with the generated encoders'.
 */

/** `repeated Event events = 1` (EventBatch) into `writer`. */
export function encodeEventList(events: readonly Event[], writer: BinaryWriter): BinaryWriter {
  for (const event of events) encodeEvent(event, writer.uint32(10).fork()).join();
  return writer;
}

/** `repeated CleanEvent events = 1` (CleanEventBatch) into `writer`. */
export function encodeCleanEventList(events: readonly CleanEvent[], writer: BinaryWriter): BinaryWriter {
  for (const clean of events) {
    writer.uint32(10).fork();
    if (clean.event !== undefined) encodeEvent(clean.event, writer.uint32(10).fork()).join();
    for (const flag of clean.flags) writer.uint32(18).string(flag);
    if (clean.schemaVersion !== 0) writer.uint32(24).uint32(clean.schemaVersion);
    writer.join();
  }
  return writer;
}

/** Event.encode(message, writer). */
function encodeEvent(message: Event, writer: BinaryWriter): BinaryWriter {
  if (message.eventId !== '') writer.uint32(10).string(message.eventId);
  if (message.userId !== '') writer.uint32(18).string(message.userId);
  if (message.sessionId !== '') writer.uint32(26).string(message.sessionId);
  if (message.occurredAt !== undefined) encodeTimestamp(34, message.occurredAt, writer);
  if (message.receivedAt !== undefined) encodeTimestamp(42, message.receivedAt, writer);
  if (message.source !== '') writer.uint32(50).string(message.source);
  if (message.backfill !== false) writer.uint32(56).bool(message.backfill);
  const payload = message.payload;
  switch (payload?.$case) {
    case 'view':
      View.encode(payload.view, writer.uint32(82).fork()).join();
      break;
    case 'click':
      Click.encode(payload.click, writer.uint32(90).fork()).join();
      break;
    case 'search':
      Search.encode(payload.search, writer.uint32(98).fork()).join();
      break;
    case 'addToCart':
      AddToCart.encode(payload.addToCart, writer.uint32(106).fork()).join();
      break;
    case 'removeFromCart':
      RemoveFromCart.encode(payload.removeFromCart, writer.uint32(114).fork()).join();
      break;
    case 'purchase':
      Purchase.encode(payload.purchase, writer.uint32(122).fork()).join();
      break;
    case 'review':
      Review.encode(payload.review, writer.uint32(130).fork()).join();
      break;
    case 'dialogTurn':
      DialogTurn.encode(payload.dialogTurn, writer.uint32(138).fork()).join();
      break;
    case 'itemUpsert':
      ItemUpsert.encode(payload.itemUpsert, writer.uint32(146).fork()).join();
      break;
  }
  return writer;
}

/** The field `tag` holding `date` as a Timestamp, as ts-proto writes it. */
function encodeTimestamp(tag: number, date: Date, writer: BinaryWriter): void {
  const ms = date.getTime();
  const seconds = Math.trunc(ms / 1_000);
  const nanos = (ms % 1_000) * 1_000_000;
  if (!(ms >= 0 && seconds <= 0xffffffff)) {
    Timestamp.encode({ seconds, nanos }, writer.uint32(tag).fork()).join();
    return;
  }
  const length = (seconds === 0 ? 0 : 1 + varintSize(seconds)) + (nanos === 0 ? 0 : 1 + varintSize(nanos));
  writer.uint32(tag).uint32(length);
  if (seconds !== 0) writer.uint32(8).uint32(seconds);
  if (nanos !== 0) writer.uint32(16).uint32(nanos);
}

/** Bytes of a varint of a value in 0..2^32 - 1. */
function varintSize(value: number): number {
  if (value < 0x80) return 1;
  if (value < 0x4000) return 2;
  if (value < 0x200000) return 3;
  if (value < 0x10000000) return 4;
  return 5;
}
