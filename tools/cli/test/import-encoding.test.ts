import { afterAll, beforeAll, test } from '@jest/globals';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BinaryWriter, Event, encodeEventListItem, ItemUpsert } from '@demand/contracts';
import { defaultEventLimits, validateEvent } from '@demand/event-validation';
import { createShop } from '@demand/testkit';
import { toRecord } from '../src/import-file.js';
import { parseInstant } from '../src/import-instant.js';
import { derivedEventId, type ImportRecord, readImportFile } from '../src/index.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'demand-import-encoding-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const now = new Date('2026-12-06T12:00:00Z');
const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Timestamps as a file may hold them: the usual form and others the Date parser reads (or rejects). */
const INSTANTS = [
  (iso: string) => iso,
  (iso: string) => iso.replace(/\.\d{3}Z$/, 'Z'),
  (iso: string) => iso.replace(/Z$/, '+08:00'),
  (iso: string) => iso.replace(/Z$/, '123Z'),
  (iso: string) => iso.replace('T', ' '),
  (iso: string) => iso.replace(/^(\d{4})-\d\d-\d\d/, '$1-02-30'),
  // V8 reads T24:00:00Z as the next day's midnight; hour 24 with any minute, second or millisecond it rejects.
  (iso: string) => iso.replace(/T\d\d/, 'T24'),
  (iso: string) => iso.slice(0, 10),
];

/**
 * Shop events of every kind (Chinese queries, reviews and dialog turns), some without event_id, session_id or
 * source, with timestamps in every form above, as protobuf JSON lines and as flat README lines.
 */
function shopLines(): { lines: string[]; flat: Record<string, unknown>[] } {
  const shop = createShop({ seed: 7, users: 300, items: 80 });
  const lines = shop.itemUpsertEvents().map((event) => JSON.stringify(Event.toJSON(event)));
  const flats: Record<string, unknown>[] = [];
  let i = 0;
  for (const event of shop.generateEvents({ maxEvents: 4000, runId: 'encoding' })) {
    const json = Event.toJSON(event) as Record<string, unknown>;
    json.occurredAt = INSTANTS[i % INSTANTS.length]!(json.occurredAt as string);
    if (i % 5 === 1) delete json.eventId;
    if (i % 7 === 2) delete json.sessionId;
    if (i % 11 === 3) delete json.source;
    if (i % 2 === 0) lines.push(JSON.stringify(json));
    else {
      const { $case } = event.payload!;
      const flat: Record<string, unknown> = { type: snake($case) };
      for (const [name, value] of Object.entries(json)) {
        if (name === $case) for (const [field, v] of Object.entries(value as object)) flat[snake(field)] = v;
        else flat[snake(name)] = value;
      }
      lines.push(JSON.stringify(flat));
      flats.push(flat);
    }
    i++;
  }
  return { lines, flat: flats };
}

/** What a record holds: the event's or item's bytes, or the error. */
type Outcome = { bytes?: Uint8Array; error?: string; item?: Uint8Array };

/**
 * What the import made of a line before its own reading of instants: protobuf JSON through `Event.fromJSON`;
 * `text` is the line as the file holds it (an id missing is derived from it).
 */
function expected(line: string, text = line): Outcome {
  const fields = JSON.parse(line) as Record<string, unknown>;
  if (fields.itemUpsert) return { item: ItemUpsert.encode(ItemUpsert.fromJSON(fields.itemUpsert)).finish() };
  const json: Record<string, unknown> = {};
  const payload: Record<string, unknown> = {};
  const flat = typeof fields.type === 'string';
  const envelope = ['event_id', 'user_id', 'session_id', 'occurred_at', 'source'];
  for (const [name, value] of Object.entries(fields)) {
    if (name === 'type') continue;
    if (!flat || envelope.includes(name)) json[name] = value;
    else payload[name] = value;
  }
  if (flat) json[fields.type as string] = payload;
  const event = Event.fromJSON(json);
  if (event.eventId === '') event.eventId = derivedEventId(text);
  event.backfill = true;
  event.receivedAt = undefined;
  try {
    validateEvent(event, 'event', defaultEventLimits, now);
  } catch (error) {
    return { error: (error as Error).message };
  }
  return { bytes: encodeEventListItem(event, new BinaryWriter()).finish() };
}

function actual(record: ImportRecord): Outcome {
  if (record.kind === 'error') return { error: record.error };
  if (record.kind === 'item') return { item: ItemUpsert.encode(record.item).finish() };
  return { bytes: encodeEventListItem(record.event, new BinaryWriter()).finish() };
}

test('every line of a varied shop file gives the bytes (or the error) Event.fromJSON gave it', async () => {
  const { lines } = shopLines();
  const path = join(dir, 'shop.jsonl');
  await writeFile(path, `${lines.join('\n')}\n`);
  const records: ImportRecord[] = [];
  for await (const record of readImportFile(path, { now })) records.push(record);
  assert.equal(records.length, lines.length);
  const kinds = new Set<string>();
  let errors = 0;
  for (const [i, record] of records.entries()) {
    assert.equal(record.line, i + 1);
    assert.deepEqual(actual(record), expected(lines[i]!), `line ${i + 1}: ${lines[i]}`);
    if (record.kind === 'event') kinds.add(record.event.payload!.$case);
    if (record.kind === 'error') errors++;
  }
  assert.deepEqual([...kinds].sort(), [
    'addToCart',
    'click',
    'dialogTurn',
    'purchase',
    'removeFromCart',
    'review',
    'search',
    'view',
  ]);
  assert.ok(records.some((r) => r.kind === 'item'));
  // The instants the Date parser rejects (hour 24 but at 24:00:00.000; 30 February it reads as 2 March) are
  // reported, not sent.
  assert.ok(errors > 0 && errors < records.length / 2, `${errors} errors`);
});

test('a CSV of the flat lines with scalar values gives each line what its JSON gave it', async () => {
  const scalar = (value: unknown) => typeof value === 'number' || (typeof value === 'string' && !/[\r\n]/.test(value));
  const rows = shopLines().flat.filter((flat) => Object.values(flat).every(scalar));
  const header = [...new Set(rows.flatMap((flat) => Object.keys(flat)))];
  const cell = (value: unknown) => (value === undefined ? '' : `"${String(value).replaceAll('"', '""')}"`);
  const texts = rows.map((flat) => header.map((name) => cell(flat[name])).join(','));
  const path = join(dir, 'shop.csv');
  await writeFile(path, `${header.join(',')}\n${texts.join('\n')}\n`);
  const records: ImportRecord[] = [];
  for await (const record of readImportFile(path, { now })) records.push(record);
  assert.equal(records.length, rows.length);
  for (const [i, record] of records.entries())
    assert.deepEqual(actual(record), expected(JSON.stringify(rows[i]), texts[i]), `line ${i + 2}: ${texts[i]}`);
  const kinds = new Set(records.flatMap((r) => (r.kind === 'event' ? [r.event.payload!.$case] : [])));
  assert.equal(kinds.size, 8, `${[...kinds]}`);
});

test('toRecord leaves the fields it is given as they were (its instants read into a copy)', () => {
  const nested = { eventId: 'e-1', userId: 'u-1', occurredAt: '2026-03-01T10:00:00Z', view: { itemId: 'i-1' } };
  const flat = { type: 'view', user_id: 'u-1', occurred_at: '2026-03-01T10:00:00.000Z', item_id: 'i-1' };
  for (const fields of [nested, flat]) {
    const before = structuredClone(fields);
    const record = toRecord(fields, 1, JSON.stringify(fields), now);
    assert.equal(record.kind, 'event');
    assert.deepEqual(fields, before);
  }
});

/** A seeded source of integers below `max` (an LCG's high bits), one a field so that the fields vary apart. */
function source(seed: number): (max: number) => number {
  let state = seed;
  return (max) => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return Math.floor((state / 2 ** 32) * max);
  };
}

test('parseInstant reads every instant as new Date does, in and out of its own form', () => {
  const texts = [
    '2026-06-01T00:00:08.056Z',
    '2024-02-29T23:59:59.999Z',
    '1970-01-01T00:00:00Z',
    '9999-12-31T23:59:59Z',
    '1900-02-29T00:00:00Z',
    '2000-02-29T00:00:00Z',
    '2100-02-29T00:00:00Z',
    '2026-06-01T24:00:00Z',
    '0999-12-31T23:59:59Z',
    '2026-06-01T00:00:08.0561Z',
    '2026-06-01T00:12:34Z',
  ];
  const [year, month, day, hour] = [source(1), source(2), source(3), source(4)] as const;
  const [minute, second, millis] = [source(5), source(6), source(7)] as const;
  const n = (random: (max: number) => number, max: number, width: number) => String(random(max)).padStart(width, '0');
  for (let i = 0; i < 20_000; i++) {
    const date = `${n(year, 10_000, 4)}-${n(month, 14, 2)}-${n(day, 33, 2)}`;
    const base = `${date}T${n(hour, 26, 2)}:${n(minute, 61, 2)}:${n(second, 61, 2)}`;
    const ms = n(millis, 1000, 3);
    texts.push(`${base}Z`, `${base}.${ms}Z`, `${base}.${ms}`, `${base}+08:00`, `${base}.${ms.slice(0, 2)}Z`);
    const utc = Date.UTC(1000 + year(9000), month(12), 1 + day(31), hour(24), minute(60), second(60), millis(1000));
    texts.push(new Date(utc).toISOString());
  }
  texts.push('2026-06-01t00:00:08Z', '2026-06-01T00:00:08z', '+002026-06-01T00:00:08Z', '2026-06-01T00:00:08.5Z', 'x');
  for (const text of texts) {
    const [got, want] = [parseInstant(text).getTime(), new Date(text).getTime()];
    assert.ok(got === want || (Number.isNaN(got) && Number.isNaN(want)), `${text}: ${got} against ${want}`);
  }
});
