import { BinaryReader, BinaryWriter } from '@bufbuild/protobuf/wire';
import { CleanEvent, CleanEventBatch, type TopicDefinition, Topics } from '@demand/contracts';
import { type EventRow, kindNames } from '../domain/event-rows.js';

/**
 * A clean event as the aggregator consumes it: behaviour events decoded straight from the wire
 * into the row it stores (no CleanEvent, Event, payload, Timestamp or Date objects on the way);
 * catalog events and anything unusual (no payload, no occurred_at, a time out of range) as the
 * generated decoder reads them, left to `toRows`. `bytes` is the CleanEvent's own encoding,
 * sent as it came to a dead-letter topic.
 */
export type IngestedEvent =
  | { readonly bytes: Uint8Array; readonly row: EventRow; readonly clean?: undefined }
  | { readonly bytes: Uint8Array; readonly row?: undefined; readonly clean: CleanEvent };

type PayloadColumn = 'item_id' | 'quantity' | 'unit_price' | 'currency' | 'rating' | 'text' | 'query' | 'order_id';

const STRING = 2;
const VARINT = 0;
const DOUBLE = 1;

/** Field number → [column, wire type] of each behaviour payload (proto/demand/v1/events.proto). */
const PAYLOADS: Record<number, { kind: string; fields: Record<number, [PayloadColumn, number]> }> = {
  10: { kind: kindNames.view, fields: { 1: ['item_id', STRING] } },
  11: { kind: kindNames.click, fields: { 1: ['item_id', STRING] } },
  12: { kind: kindNames.search, fields: { 1: ['query', STRING] } },
  13: {
    kind: kindNames.addToCart,
    fields: { 1: ['item_id', STRING], 2: ['quantity', VARINT], 3: ['unit_price', DOUBLE], 4: ['currency', STRING] },
  },
  14: { kind: kindNames.removeFromCart, fields: { 1: ['item_id', STRING], 2: ['quantity', VARINT] } },
  15: {
    kind: kindNames.purchase,
    fields: {
      1: ['order_id', STRING],
      2: ['item_id', STRING],
      3: ['quantity', VARINT],
      4: ['unit_price', DOUBLE],
      5: ['currency', STRING],
    },
  },
  16: {
    kind: kindNames.review,
    fields: { 1: ['item_id', STRING], 2: ['rating', VARINT], 3: ['text', STRING], 4: ['order_id', STRING] },
  },
  17: { kind: kindNames.dialogTurn, fields: { 3: ['text', STRING], 4: ['item_id', STRING] } },
};

/**
 * Thrown at an end-group or zero tag, where the generated decoders stop a message early: such
 * a record is decoded by them instead, so it reads exactly as it always did.
 */
const UNUSUAL = Symbol('unusual encoding');

/** Skips an unknown field as the generated decoders do. */
function skip(reader: BinaryReader, tag: number): void {
  if ((tag & 7) === 4 || tag === 0) throw UNUSUAL;
  reader.skip(tag & 7);
}

/** A reader that keeps its bytes in view, for the varints read without the generic int64 path. */
class SourcedReader extends BinaryReader {
  constructor(readonly source: Uint8Array) {
    super(source);
  }
}

/**
 * An int64 varint as a number, read in place when it takes at most 7 bytes (any time from 1970 to far
 * beyond); others (negative, huge, truncated) by the generic path, which goes through a string.
 */
function int64Number(reader: SourcedReader): number {
  const bytes = reader.source;
  let pos = reader.pos;
  let value = 0;
  let scale = 1;
  for (let i = 0; i < 7 && pos < bytes.length; i++) {
    const byte = bytes[pos++]!;
    value += (byte & 0x7f) * scale;
    if (byte < 0x80) {
      reader.pos = pos;
      return value;
    }
    scale *= 128;
  }
  return Number(reader.int64().toString());
}

/** Milliseconds of a google.protobuf.Timestamp, as `new Date(…).getTime()` of the generated decoder gives them. */
function timestampMillis(reader: SourcedReader, end: number): number {
  let seconds = 0;
  let nanos = 0;
  while (reader.pos < end) {
    const tag = reader.uint32();
    if (tag === 8) seconds = int64Number(reader);
    else if (tag === 16) nanos = reader.int32();
    else skip(reader, tag);
  }
  return timeClip(seconds * 1000 + nanos / 1_000_000);
}

/** `new Date(ms).getTime()` without the Date: NaN beyond ±8.64e15 ms, else the milliseconds truncated (no −0). */
function timeClip(ms: number): number {
  return Math.abs(ms) <= 8.64e15 ? Math.trunc(ms) + 0 : Number.NaN;
}

function readPayload(
  reader: BinaryReader,
  end: number,
  row: EventRow,
  fields: Record<number, [PayloadColumn, number]>,
) {
  while (reader.pos < end) {
    const tag = reader.uint32();
    const field = fields[tag >>> 3];
    if (field === undefined || (tag & 7) !== field[1]) {
      skip(reader, tag);
      continue;
    }
    const column = field[0];
    if (column === 'quantity' || column === 'rating') row[column] = reader.uint32();
    else if (column === 'unit_price') row.unit_price = reader.double();
    else row[column] = reader.string();
  }
}

/** Flags of an event without any (most): one frozen list shared by their rows. */
const NO_FLAGS: readonly string[] = Object.freeze([]);

/** The row of a behaviour Event (no flags yet), or undefined when `toRows` should see the whole message. */
function readEvent(reader: SourcedReader, end: number): EventRow | undefined {
  const row: EventRow = {
    event_id: '',
    kind: '',
    user_id: '',
    session_id: '',
    item_id: '',
    occurred_at: Number.NaN,
    received_at: Number.NaN,
    source: '',
    quantity: 0,
    unit_price: 0,
    currency: '',
    rating: 0,
    text: '',
    query: '',
    order_id: '',
    flags: NO_FLAGS,
    backfill: false,
  };
  let occurred = false;
  let received = false;
  while (reader.pos < end) {
    const tag = reader.uint32();
    const field = tag >>> 3;
    if (tag === 10) row.event_id = reader.string();
    else if (tag === 18) row.user_id = reader.string();
    else if (tag === 26) row.session_id = reader.string();
    else if (tag === 34 || tag === 42) {
      const length = reader.uint32();
      const at = timestampMillis(reader, reader.pos + length);
      if (tag === 34) (row.occurred_at = at), (occurred = true);
      else (row.received_at = at), (received = true);
    } else if (tag === 50) row.source = reader.string();
    else if (tag === 56) row.backfill = reader.bool();
    else if (tag === 146)
      return undefined; // a catalog row
    else if (PAYLOADS[field] !== undefined && (tag & 7) === STRING) {
      // One payload per event: a later one replaces an earlier one, as in the generated decoder.
      const payload = PAYLOADS[field];
      row.kind = payload.kind;
      row.item_id = row.currency = row.text = row.query = row.order_id = '';
      row.quantity = row.unit_price = row.rating = 0;
      const length = reader.uint32();
      readPayload(reader, reader.pos + length, row, payload.fields);
    } else skip(reader, tag);
  }
  if (row.kind === '' || !occurred || !Number.isFinite(row.occurred_at as number)) return undefined;
  if (!received) row.received_at = row.occurred_at;
  return Number.isFinite(row.received_at as number) ? row : undefined;
}

/** One CleanEvent of `reader`'s source from `start` (where the reader is) up to `end`. */
function readCleanEvent(reader: SourcedReader, start: number, end: number): IngestedEvent {
  // Flags before or after the event (as they are encoded) land in its row; a list is made only for some.
  let flags: string[] | undefined;
  let row: EventRow | undefined;
  while (reader.pos < end) {
    const tag = reader.uint32();
    if (tag === 10) {
      const length = reader.uint32();
      const eventEnd = reader.pos + length;
      row = readEvent(reader, eventEnd);
      reader.pos = eventEnd;
    } else if (tag === 18) (flags ??= []).push(reader.string());
    else skip(reader, tag);
  }
  if (row) {
    if (flags) row.flags = flags;
    return new IngestedRow(reader.source, start, end, row);
  }
  const bytes = reader.source.subarray(start, end);
  return { bytes, clean: CleanEvent.decode(bytes) };
}

/**
 * A behaviour event's row with its bytes kept as a range of the record: the bytes are only wanted
 * for a dead letter, so no view of them is made per event unless one is asked for.
 */
class IngestedRow {
  readonly clean = undefined;
  constructor(
    private readonly source: Uint8Array,
    private readonly start: number,
    private readonly end: number,
    readonly row: EventRow,
  ) {}

  get bytes(): Uint8Array {
    return this.source.subarray(this.start, this.end);
  }
}

export function decodeIngestedEvent(bytes: Uint8Array): IngestedEvent {
  try {
    return readCleanEvent(new SourcedReader(bytes), 0, bytes.length);
  } catch (error) {
    if (error !== UNUSUAL) throw error;
    return { bytes, clean: CleanEvent.decode(bytes) };
  }
}

/** The values of a CleanEventBatch record, each with its own bytes. */
export function decodeIngestedBatch(bytes: Uint8Array): IngestedEvent[] {
  const reader = new SourcedReader(bytes);
  const out: IngestedEvent[] = [];
  try {
    while (reader.pos < reader.len) {
      const tag = reader.uint32();
      if (tag === 10) {
        const length = reader.uint32();
        const start = reader.pos;
        out.push(readCleanEvent(reader, start, start + length));
        reader.pos = start + length;
      } else skip(reader, tag);
    }
  } catch (error) {
    if (error !== UNUSUAL) throw error;
    return CleanEventBatch.decode(bytes).events.map((event) => ({
      bytes: CleanEvent.encode(event).finish(),
      clean: event,
    }));
  }
  return out;
}

const clean = Topics.eventsClean;

/** events.clean.v1 as the aggregator reads it (same name, partitions, content types and wire format). */
export const INGESTED_CLEAN_EVENTS: TopicDefinition<IngestedEvent> = {
  ...clean,
  codec: {
    encode: (value) => ({ finish: () => value.bytes }),
    decode: decodeIngestedEvent,
  },
  keyOf: (value) => clean.keyOf(value.clean ?? CleanEvent.decode(value.bytes)),
  batched: {
    contentType: clean.batched!.contentType,
    encode: (values) => {
      const writer = new BinaryWriter();
      for (const value of values) writer.uint32(10).bytes(value.bytes);
      return writer.finish();
    },
    decode: decodeIngestedBatch,
  },
};
