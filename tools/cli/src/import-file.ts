import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import { Event, ItemUpsert } from '@demand/contracts/messages';
import { defaultEventLimits, validateEvent, validateItem } from '@demand/event-validation';
import { parseInstant } from './import-instant.js';

export type ImportFormat = 'jsonl' | 'csv';

/** One line of an import file: an event, an item, or why it cannot be imported. */
export type ImportRecord =
  | { line: number; kind: 'event'; event: Event }
  | { line: number; kind: 'item'; item: ItemUpsert }
  | { line: number; kind: 'error'; error: string };

const KINDS = [
  'view',
  'click',
  'search',
  'add_to_cart',
  'remove_from_cart',
  'purchase',
  'review',
  'dialog_turn',
  'item_upsert',
] as const;
const camel = (name: string) => name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
/** Kind names as the README spells them, and as protobuf JSON does (addToCart). */
const KIND_OF = new Map<string, (typeof KINDS)[number]>(
  KINDS.flatMap((k) => [[k, k] as const, [camel(k), k] as const]),
);
const ENVELOPE_FIELDS = ['event_id', 'user_id', 'session_id', 'occurred_at', 'received_at', 'source', 'backfill'];
const ENVELOPE = new Set(['type', ...ENVELOPE_FIELDS, ...ENVELOPE_FIELDS.map(camel)]);
/**
 * Bytes decoded to text at a time (gunzip hands on 16 KiB): at 16 KiB a chunk's text, two bytes a character once
 * one is beyond Latin-1, stays a regular heap string instead of a large object mapped and unmapped.
 */
export const READ_CHUNK_BYTES = 16 * 1024;
/**
 * Bytes read from the file at a time (then decoded 16 KiB at a time): each read is a hop to libuv's thread pool
 * and back. On 600k lines, 256 KiB reads made 1.9-4k involuntary context switches where 16 KiB reads made 11-16.5k,
 * and the reader cost less in-process; a fresh process's CPU showed no gain (docs/benchmarks.md).
 */
export const FILE_READ_BYTES = 256 * 1024;
/** Fields that hold a list or map; in CSV they are JSON, and `category_path` may also be "a > b > c". */
const STRUCTURED = new Set(['category_path', 'attributes', 'localized_titles']);

/** True for a gzip file: by its name (.gz) or its first two bytes (1f 8b). */
export async function isGzip(path: string): Promise<boolean> {
  if (path.endsWith('.gz')) return true;
  const file = await open(path, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await file.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await file.close();
  }
}

/** The format by extension (before any .gz): .csv is CSV, anything else JSON Lines. */
export function formatOf(path: string): ImportFormat {
  return /\.csv(\.gz)?$/i.test(path) ? 'csv' : 'jsonl';
}

/** A stable event id for a line without one, so importing the same file again sends the same ids. */
export function derivedEventId(line: string): string {
  return `imp-${createHash('sha256').update(line.trim()).digest('hex').slice(0, 40)}`;
}

/** Splits one CSV line (RFC 4180 quoting on one line: "a,b" and "" for a quote). */
export function splitCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === ',') {
      cells.push(cell);
      cell = '';
    } else cell += c;
  }
  if (quoted) throw new Error('unterminated quote (a quoted cell must end on its line)');
  cells.push(cell);
  return cells;
}

function csvValue(field: string, raw: string): unknown {
  if (raw === '') return undefined;
  if (STRUCTURED.has(field)) {
    if (raw.startsWith('[') || raw.startsWith('{')) return JSON.parse(raw);
    if (field === 'category_path') return raw.split('>').map((s) => s.trim());
  }
  return raw;
}

/** The first field named after a kind whose value is an object (JSON's null too, as before). */
function nestedKindKey(fields: Record<string, unknown>): string | undefined {
  for (const name in fields) if (KIND_OF.has(name) && typeof fields[name] === 'object') return name;
  return undefined;
}

/** True when every field but the payload's (`key`) is an envelope field. */
function onlyEnvelopeBeside(fields: Record<string, unknown>, key: string): boolean {
  for (const name in fields) if (name !== key && !ENVELOPE.has(name)) return false;
  return true;
}

/** The payload's fields (nested under its kind or beside the envelope's), and the event as protobuf JSON. */
function nestedForm(fields: Record<string, unknown>, key: string, type: string) {
  const nested: Record<string, unknown> = {};
  const inner = fields[key];
  const payload: Record<string, unknown> = typeof inner === 'object' && inner !== null ? { ...inner } : {};
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined || name === key || name === 'type') continue;
    if (ENVELOPE.has(name)) nested[name] = value;
    else payload[name] = value;
  }
  return { payload, event: { ...nested, [type]: payload } };
}

/**
 * Fields just read from a line, owned by the reader, with the instant as a Date (fromJSON takes a Date as it is):
 * the usual form read by hand, any other by `new Date`. Not in `toRecord`, so that it leaves its argument as it is.
 */
function withInstantRead(fields: Record<string, unknown>): Record<string, unknown> {
  if (typeof fields.occurredAt === 'string') fields.occurredAt = parseInstant(fields.occurredAt);
  if (typeof fields.occurred_at === 'string') fields.occurred_at = parseInstant(fields.occurred_at);
  return fields;
}

/** A flat record (README field names, `type` naming the kind) or one with the payload nested under its kind. */
export function toRecord(fields: Record<string, unknown>, line: number, text: string, now: Date): ImportRecord {
  const key = typeof fields.type === 'string' ? fields.type : nestedKindKey(fields);
  const type = key === undefined ? undefined : KIND_OF.get(key);
  if (!type)
    return { line, kind: 'error', error: `type: must be one of ${KINDS.join(', ')} (got ${JSON.stringify(key)})` };
  try {
    if (type === 'item_upsert') {
      const item = ItemUpsert.fromJSON(nestedForm(fields, key!, type).payload);
      validateItem(item, 'item', defaultEventLimits);
      return { line, kind: 'item', item };
    }
    // As `Event.toJSON` writes it (the envelope beside one payload under its kind): read as it is.
    const asProtobufJson = fields.type === undefined && onlyEnvelopeBeside(fields, key!);
    const event = Event.fromJSON(asProtobufJson ? fields : nestedForm(fields, key!, type).event);
    if (event.eventId === '') event.eventId = derivedEventId(text);
    event.backfill = true;
    event.receivedAt = undefined;
    validateEvent(event, 'event', defaultEventLimits, now);
    return { line, kind: 'event', event };
  } catch (error) {
    return { line, kind: 'error', error: (error as Error).message };
  }
}

export interface ImportFileOptions {
  format?: ImportFormat;
  now?: Date;
  /** Bytes of the file up to the text handed on (for gzip, compressed bytes zlib has taken in), for a progress bar. */
  onBytes?: (bytes: number) => void;
}

/** Reads an import file line by line (JSON Lines or CSV with a header, gzip or not). Blank lines are skipped. */
export async function* readImportFile(path: string, options: ImportFileOptions = {}): AsyncGenerator<ImportRecord> {
  for await (const records of readImportChunks(path, options)) yield* records;
}

/**
 * The file's bytes (gunzipped for gzip), READ_CHUNK_BYTES at a time, read FILE_READ_BYTES at a time. Before each
 * chunk is handed on, `onBytes` gets the file's bytes up to its end (for gzip, the compressed bytes zlib has taken
 * in), so a progress bar follows the lines handed on rather than the reads ahead of them.
 */
async function* fileChunks(path: string, gzip: boolean, onBytes?: (bytes: number) => void): AsyncGenerator<Buffer> {
  const file = createReadStream(path, { highWaterMark: FILE_READ_BYTES });
  const gunzip = gzip ? file.pipe(createGunzip({ chunkSize: READ_CHUNK_BYTES })) : undefined;
  // pipe() passes data on, not errors: a file that cannot be read ends the gunzip stream with its error.
  if (gunzip) file.on('error', (error) => gunzip.destroy(error));
  let bytes = 0;
  for await (const chunk of (gunzip ?? file) as AsyncIterable<Buffer>) {
    for (let at = 0; at < chunk.length; at += READ_CHUNK_BYTES) {
      const slice = chunk.subarray(at, at + READ_CHUNK_BYTES);
      bytes = gunzip ? gunzip.bytesWritten : bytes + slice.length;
      onBytes?.(bytes);
      yield slice;
    }
  }
  // A gzip file's trailer is taken in after its last text.
  if (gunzip && gunzip.bytesWritten !== bytes) onBytes?.(gunzip.bytesWritten);
}

/** Line endings as readline takes them (`crlfDelay: Infinity`): \r\n, \n or a lone \r. */
const LINE_END = /\r\n|\n|\r/;

/**
 * `readImportFile`'s records, a chunk of the file at a time (one await per chunk, not per line): the
 * lines of each chunk as read, a line cut by the chunk's end joined to the rest of it in the next.
 */
export async function* readImportChunks(path: string, options: ImportFileOptions = {}): AsyncGenerator<ImportRecord[]> {
  const format = options.format ?? formatOf(path);
  const now = options.now ?? new Date();
  // Bytes, not text: the progress counter counts bytes, and the decoder keeps a character cut by a read whole.
  const source = fileChunks(path, await isGzip(path), options.onBytes);
  const decoder = new StringDecoder('utf8');
  let header: string[] | undefined;
  let line = 0;
  const recordOf = (raw: string): ImportRecord | undefined => {
    line++;
    const content = line === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    if (content.trim() === '') return undefined;
    if (format === 'csv' && !header) {
      header = splitCsvLine(content).map((h) => h.trim());
      return undefined;
    }
    let fields: Record<string, unknown>;
    try {
      if (format === 'jsonl') {
        const parsed: unknown = JSON.parse(content);
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
          throw new Error('a line must be one JSON object');
        fields = parsed as Record<string, unknown>;
      } else {
        const cells = splitCsvLine(content);
        if (cells.length !== header!.length)
          throw new Error(`expected ${header!.length} cells as in the header, got ${cells.length}`);
        fields = Object.fromEntries(header!.map((h, i) => [h, csvValue(h, cells[i]!)]));
      }
    } catch (error) {
      return { line, kind: 'error', error: (error as Error).message };
    }
    return toRecord(withInstantRead(fields), line, content, now);
  };
  const recordsOf = (lines: readonly string[], last: number): ImportRecord[] => {
    const records: ImportRecord[] = [];
    for (let i = 0; i < last; i++) {
      const record = recordOf(lines[i]!);
      if (record) records.push(record);
    }
    return records;
  };
  // The line cut by the last chunk's end, in parts: a chunk without a line end is only kept, not scanned again.
  let rest: string[] = [];
  // A \r at a chunk's end may be the first half of a \r\n: it waits for the next chunk.
  let heldCr = false;
  for await (const bytes of source) {
    const chunk = decoder.write(bytes);
    if (!heldCr && chunk.indexOf('\n') === -1 && chunk.indexOf('\r') === -1) {
      rest.push(chunk);
      continue;
    }
    let joined: string = rest.join('') + (heldCr ? '\r' : '') + chunk;
    heldCr = joined.endsWith('\r');
    if (heldCr) joined = joined.slice(0, -1);
    const lines = joined.indexOf('\r') === -1 ? joined.split('\n') : joined.split(LINE_END);
    rest = [lines[lines.length - 1]!];
    if (lines.length > 1) yield recordsOf(lines, lines.length - 1);
  }
  // The last line, ended by the file rather than a line break (readline's last line too).
  const lines = (rest.join('') + (heldCr ? '\r' : '') + decoder.end()).split(LINE_END);
  const records = recordsOf(lines, lines[lines.length - 1] === '' ? lines.length - 1 : lines.length);
  if (records.length > 0) yield records;
}
