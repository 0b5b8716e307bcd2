import { BinaryReader, type BinaryWriter } from '@bufbuild/protobuf/wire';
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

// Decoders of the event lists that every behaviour event crosses (`TrackBatchRequest`, `EventBatch`,
// `CleanEventBatch`): the same objects as ts-proto's decoders, field for field, faster on what those
// lists are made of. ts-proto reads a Timestamp's seconds as int64 through a BigInt and its string
// (`longToNumber`), and tracks its recursion depth on the reader per message; here a timestamp of the
// usual shape (seconds below 2^49, nanos below 2^31) is read from the bytes as a number, and
// the event's own fields are read without the depth bookkeeping (an Event holds no Event). Anything
// else — a timestamp of another shape, a payload message — goes to the generated decoder, so every
// input decodes (or fails) as it does there (`test/event-decoding.test.ts` compares both).

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
  return timestampDate(seconds, nanos);
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
  return timestampDate(t.seconds || 0, t.nanos || 0);
}

/** ts-proto's `fromTimestamp`: the `Date` of a Timestamp's seconds and nanos. */
function timestampDate(seconds: number, nanos: number): Date {
  let millis = seconds * 1_000;
  millis += nanos / 1_000_000;
  return new Date(millis);
}

// Encoders of the event lists every behaviour event crosses (`EventBatch`, `CleanEventBatch`): the bytes
// of ts-proto's encoders, field for field, with the timestamps written without what ts-proto spends on
// them: a `{ seconds, nanos }` object per `Date`, seconds turned into a BigInt to be written as int64,
// and a fork and join of the writer per Timestamp. A timestamp at or after 1970 whose seconds fit 32
// bits is written as a varint of the seconds (int64's bytes for such a value) with its length worked
// out first; any other goes through the generated Timestamp encoder. `test/event-encoding.test.ts`
// compares the bytes with the generated encoders'.

/** `repeated Event events = 1` (EventBatch) into `writer`. */
export function encodeEventList(events: readonly Event[], writer: BinaryWriter): BinaryWriter {
  for (const event of events) encodeEventListItem(event, writer);
  return writer;
}

/**
 * One element of `repeated Event events = 1` (EventBatch, TrackBatchRequest) into `writer`: a list
 * written event by event, as it is read, is the bytes of `encodeEventList` over all of them.
 */
export function encodeEventListItem(event: Event, writer: BinaryWriter): BinaryWriter {
  return encodeEvent(event, writer.uint32(10).fork()).join();
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
export function encodeTimestamp(tag: number, date: Date, writer: BinaryWriter): void {
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
