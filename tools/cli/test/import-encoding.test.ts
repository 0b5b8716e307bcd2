import { afterAll, beforeAll, test } from '@jest/globals';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BinaryWriter, Event, encodeEventListItem, ItemUpsert } from '@demand/contracts';
import { defaultEventLimits, validateEvent } from '@demand/event-validation';
import { createShop } from '@demand/testkit';
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
  (iso: string) => iso.replace(/T\d\d/, 'T24'),
  (iso: string) => iso.slice(0, 10),
];

/**
 * Shop events of every kind (Chinese queries, reviews and dialog turns), some without event_id, session_id or
 * source, with timestamps in every form above, as protobuf JSON lines and as flat README lines.
 */
function shopLines(): string[] {
  const shop = createShop({ seed: 7, users: 300, items: 80 });
  const lines = shop.itemUpsertEvents().map((event) => JSON.stringify(Event.toJSON(event)));
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
    }
    i++;
  }
  return lines;
}

/** What the import made of a line before its own reading of instants: protobuf JSON through `Event.fromJSON`. */
function expected(line: string): { bytes?: Uint8Array; error?: string; item?: Uint8Array } {
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
  if (event.eventId === '') event.eventId = derivedEventId(line);
  event.backfill = true;
  event.receivedAt = undefined;
  try {
    validateEvent(event, 'event', defaultEventLimits, now);
  } catch (error) {
    return { error: (error as Error).message };
  }
  return { bytes: encodeEventListItem(event, new BinaryWriter()).finish() };
}

function actual(record: ImportRecord): { bytes?: Uint8Array; error?: string; item?: Uint8Array } {
  if (record.kind === 'error') return { error: record.error };
  if (record.kind === 'item') return { item: ItemUpsert.encode(record.item).finish() };
  return { bytes: encodeEventListItem(record.event, new BinaryWriter()).finish() };
}

test('every line of a varied shop file gives the bytes (or the error) Event.fromJSON gave it', async () => {
  const lines = shopLines();
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
  // The instants the Date parser rejects (30 February, hour 24) are reported, not sent.
  assert.ok(errors > 0 && errors < records.length / 2, `${errors} errors`);
});

test('parseInstant reads every instant as new Date does, in and out of its own form', () => {
  const texts = [
    '2026-06-01T00:00:08.056Z',
    '2024-02-29T23:59:59.999Z',
    '1970-01-01T00:00:00Z',
    '9999-12-31T23:59:59Z',
  ];
  for (let i = 0; i < 20_000; i++) {
    const n = (max: number, width: number) => String((i * 7919 + max * 31 + width) % max).padStart(width, '0');
    const base = `${n(9999, 4)}-${n(14, 2)}-${n(33, 2)}T${n(26, 2)}:${n(61, 2)}:${n(61, 2)}`;
    texts.push(`${base}Z`, `${base}.${n(1000, 3)}Z`, `${base}.${n(1000, 3)}`, `${base}+08:00`, `${base}.${n(100, 2)}Z`);
    texts.push(
      new Date(Date.UTC(1000 + (i % 9000), i % 12, 1 + (i % 31), i % 24, i % 60, i % 60, i % 1000)).toISOString(),
    );
  }
  texts.push('2026-06-01t00:00:08Z', '2026-06-01T00:00:08z', '+002026-06-01T00:00:08Z', '2026-06-01T00:00:08.5Z', 'x');
  for (const text of texts) {
    const [got, want] = [parseInstant(text).getTime(), new Date(text).getTime()];
    assert.ok(got === want || (Number.isNaN(got) && Number.isNaN(want)), `${text}: ${got} against ${want}`);
  }
});
