import { BinaryReader } from '@bufbuild/protobuf/wire';
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
 * Decoders of the event lists that every behaviour event crosses (`TrackBatchRequest`, `EventBatch`,
 * `CleanEventBatch`): the same objects as ts-proto's decoders, field for field, faster on what those
 * lists are made of. ts-proto reads a Timestamp's seconds as int64 through a BigInt and its string
 * (`longToNumber`), and tracks its recursion depth on the reader per message; here a timestamp of the
 * usual shape (seconds below 2^49, nanos below 2^31) is read from the bytes as a number, and
 * the event's own fields are read without the depth bookkeeping (an Event holds no Event). Anything
 * else — a timestamp of another shape, a payload message — goes to the generated decoder, so every
 * input decodes (or fails) as it does there (`test/event-decoding.test.ts` compares both).
 */

/**
 * The `repeated Event` of field 1 of `bytes` (TrackBatchRequest, EventBatch), other fields skipped.
 * `received`, when given, gets each event's bytes as they are in `bytes` (views, not copies).
 */
export function decodeEventList(bytes: Uint8Array, received?: Uint8Array[]): Event[] {
  const reader = new BinaryReader(bytes);
  const events: Event[] = [];
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    if (tag === 10) {
      const length = reader.uint32();
      const start = reader.pos;
      events.push(decodeEvent(reader, bytes, length));
      received?.push(bytes.subarray(start, reader.pos));
      continue;
    }
    if ((tag & 7) === 4 || tag === 0) break;
    reader.skip(tag & 7);
  }
  return events;
}

/** The `repeated CleanEvent` of a CleanEventBatch. */
export function decodeCleanEventList(bytes: Uint8Array): CleanEvent[] {
  const reader = new BinaryReader(bytes);
  const events: CleanEvent[] = [];
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    if (tag === 10) {
      events.push(decodeCleanEvent(reader, bytes, reader.uint32()));
      continue;
    }
    if ((tag & 7) === 4 || tag === 0) break;
    reader.skip(tag & 7);
  }
  return events;
}

function decodeCleanEvent(reader: BinaryReader, bytes: Uint8Array, length: number): CleanEvent {
  const end = reader.pos + length;
  const message: CleanEvent = { flags: [], schemaVersion: 0 };
  while (reader.pos < end) {
    const tag = reader.uint32();
    if (tag === 10) message.event = decodeEvent(reader, bytes, reader.uint32());
    else if (tag === 18) message.flags.push(reader.string());
    else if (tag === 24) message.schemaVersion = reader.uint32();
    else if ((tag & 7) === 4 || tag === 0) break;
    else reader.skip(tag & 7);
  }
  return message;
}

/** Event.decode(reader, length) for a reader over `bytes`. */
function decodeEvent(reader: BinaryReader, bytes: Uint8Array, length: number): Event {
  const end = reader.pos + length;
  const message: Event = { eventId: '', userId: '', sessionId: '', source: '', backfill: false, payload: undefined };
  while (reader.pos < end) {
    const tag = reader.uint32();
    switch (tag) {
      case 10:
        message.eventId = reader.string();
        continue;
      case 18:
        message.userId = reader.string();
        continue;
      case 26:
        message.sessionId = reader.string();
        continue;
      case 34:
        message.occurredAt = decodeTimestamp(reader, bytes, reader.uint32());
        continue;
      case 42:
        message.receivedAt = decodeTimestamp(reader, bytes, reader.uint32());
        continue;
      case 50:
        message.source = reader.string();
        continue;
      case 56:
        message.backfill = reader.bool();
        continue;
      case 82:
        message.payload = { $case: 'view', view: View.decode(reader, reader.uint32()) };
        continue;
      case 90:
        message.payload = { $case: 'click', click: Click.decode(reader, reader.uint32()) };
        continue;
      case 98:
        message.payload = { $case: 'search', search: Search.decode(reader, reader.uint32()) };
        continue;
      case 106:
        message.payload = { $case: 'addToCart', addToCart: AddToCart.decode(reader, reader.uint32()) };
        continue;
      case 114:
        message.payload = { $case: 'removeFromCart', removeFromCart: RemoveFromCart.decode(reader, reader.uint32()) };
        continue;
      case 122:
        message.payload = { $case: 'purchase', purchase: Purchase.decode(reader, reader.uint32()) };
        continue;
      case 130:
        message.payload = { $case: 'review', review: Review.decode(reader, reader.uint32()) };
        continue;
      case 138:
        message.payload = { $case: 'dialogTurn', dialogTurn: DialogTurn.decode(reader, reader.uint32()) };
        continue;
      case 146:
        message.payload = { $case: 'itemUpsert', itemUpsert: ItemUpsert.decode(reader, reader.uint32()) };
        continue;
    }
    if ((tag & 7) === 4 || tag === 0) break;
    reader.skip(tag & 7);
  }
  return message;
}

/**
 * A Timestamp's `Date`, as ts-proto's `fromTimestamp(Timestamp.decode(reader, length))`: the message
 * read straight from `bytes` when it is seconds (a varint of at most 7 bytes) then nanos (a varint
 * of at most 5 bytes, below 2^31), each optional; anything else through the generated decoder.
 */
function decodeTimestamp(reader: BinaryReader, bytes: Uint8Array, length: number): Date {
  const start = reader.pos;
  const end = start + length;
  if (end > bytes.length) return slowTimestamp(reader, start, length);
  let at = start;
  let seconds = 0;
  let nanos = 0;
  if (at < end && bytes[at] === 8) {
    const read = readShortVarint(bytes, at + 1, end, 7);
    if (read < 0) return slowTimestamp(reader, start, length);
    seconds = varintValue;
    at = read;
  }
  if (at < end && bytes[at] === 16) {
    const read = readShortVarint(bytes, at + 1, end, 5);
    if (read < 0 || varintValue > 0x7fffffff) return slowTimestamp(reader, start, length);
    nanos = varintValue;
    at = read;
  }
  if (at !== end) return slowTimestamp(reader, start, length);
  reader.pos = end;
  let millis = seconds * 1_000;
  millis += nanos / 1_000_000;
  return new Date(millis);
}

/** The value `readShortVarint` read last (a second return value without an object per call). */
let varintValue = 0;

/** Reads a varint of at most `maxBytes` (≤ 7: exact in a double) ending before `end`; its end, or -1. */
function readShortVarint(bytes: Uint8Array, at: number, end: number, maxBytes: number): number {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < maxBytes && at < end; i++, scale *= 128) {
    const byte = bytes[at++]!;
    value += (byte & 0x7f) * scale;
    if (byte < 0x80) {
      varintValue = value;
      return at;
    }
  }
  return -1;
}

function slowTimestamp(reader: BinaryReader, start: number, length: number): Date {
  reader.pos = start;
  const t = Timestamp.decode(reader, length);
  let millis = (t.seconds || 0) * 1_000;
  millis += (t.nanos || 0) / 1_000_000;
  return new Date(millis);
}
