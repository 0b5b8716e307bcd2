import 'reflect-metadata';
import { afterAll, beforeAll, test } from '@jest/globals';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Event, type ItemUpsert } from '@demand/contracts';
import { derivedEventId, type ImportRecord, readImportFile, runImport, splitCsvLine } from '../src/index.js';
import { capture } from './support/capture-io.js';
import { received, withCollector } from './support/recording-collector.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'demand-import-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const JSONL = [
  '{"type":"item_upsert","item_id":"i-1","title":"Kettle","price":99,"currency":"CNY","category_path":["Home","Kitchen"]}',
  '{"event_id":"e-1","user_id":"u-1","session_id":"s-1","occurred_at":"2026-03-01T10:00:00Z","type":"view","item_id":"i-1","surface":"detail","dwell_ms":5000}',
  '',
  '{"user_id":"u-1","occurred_at":"2026-03-01T10:01:00Z","purchase":{"order_id":"o-1","item_id":"i-1","quantity":2,"unit_price":99,"currency":"CNY"}}',
  '{"user_id":"u-2","occurred_at":"2026-03-01T10:02:00Z","type":"view"',
  '{"user_id":"u-2","occurred_at":"2026-03-01T10:03:00Z","type":"purchase","order_id":"o-2","item_id":"i-1","quantity":0,"unit_price":99,"currency":"CNY"}',
  '{"user_id":"u-3","occurred_at":"2026-03-01T10:04:00Z","type":"teleport"}',
  '{"user_id":"u-3","occurred_at":"2026-03-01T10:05:00Z","type":"search","query":"electric kettle","results_count":12}',
].join('\n');

const CSV = [
  'event_id,user_id,session_id,occurred_at,type,item_id,surface,dwell_ms,query,results_count,title,price,category_path',
  'c-1,u-1,s-1,2026-03-01T10:00:00Z,view,i-1,detail,4000,,,,,',
  ',u-2,,2026-03-01T11:00:00Z,search,,,,"kettle, steel",3,,,',
  ',,,,item_upsert,i-2,,,,,"Tea ""green"" 100g",25,Food > Tea',
  'c-4,u-1,s-1,2026-03-01T10:00:00Z,view,i-1',
].join('\n');

async function read(name: string, content: string | Buffer): Promise<ImportRecord[]> {
  const path = join(dir, name);
  await writeFile(path, content);
  const records: ImportRecord[] = [];
  for await (const r of readImportFile(path)) records.push(r);
  return records;
}

const errors = (records: ImportRecord[]) =>
  records.filter((r) => r.kind === 'error').map((r) => `${r.line}: ${(r as { error: string }).error}`);

test('JSON Lines: flat (type + fields) and nested payloads, items, bad lines reported with their numbers', async () => {
  const records = await read('history.jsonl', JSONL);
  assert.deepEqual(
    records.map((r) => [r.line, r.kind]),
    [
      [1, 'item'],
      [2, 'event'],
      [4, 'event'],
      [5, 'error'],
      [6, 'error'],
      [7, 'error'],
      [8, 'event'],
    ],
  );
  const [item, view, purchase] = records as [
    { item: ItemUpsert },
    { event: Event },
    { event: Event },
    ...ImportRecord[],
  ];
  assert.deepEqual(item.item.categoryPath, ['Home', 'Kitchen']);
  assert.equal(view.event.eventId, 'e-1');
  assert.equal(view.event.payload?.$case, 'view');
  assert.equal(view.event.backfill, true, 'imported events are marked as backfill');
  assert.equal(purchase.event.payload?.$case === 'purchase' && purchase.event.payload.purchase.quantity, 2);
  assert.match(purchase.event.eventId, /^imp-[0-9a-f]{40}$/, 'a line without event_id gets a derived id');
  const bad = errors(records);
  assert.match(bad[0]!, /^5: .*JSON/);
  assert.match(bad[1]!, /^6: event\.purchase\.quantity: must be between 1 and 10000/);
  assert.match(bad[2]!, /^7: type: must be one of/);
});

test('derived ids are stable across reads and differ between lines', async () => {
  const first = await read('a.jsonl', JSONL);
  const second = await read('b.jsonl', JSONL);
  const ids = (rs: ImportRecord[]) => rs.flatMap((r) => (r.kind === 'event' ? [r.event.eventId] : []));
  assert.deepEqual(ids(first), ids(second));
  assert.equal(new Set(ids(first)).size, ids(first).length);
  assert.equal(derivedEventId(' {"a":1} '), derivedEventId('{"a":1}'));
});

test('CSV: header row, quoted cells, category paths, a short row reported', async () => {
  assert.deepEqual(splitCsvLine('a,"b,c","d ""e"""'), ['a', 'b,c', 'd "e"']);
  const records = await read('history.csv', CSV);
  assert.deepEqual(
    records.map((r) => [r.line, r.kind]),
    [
      [2, 'event'],
      [3, 'event'],
      [4, 'item'],
      [5, 'error'],
    ],
  );
  const search = (records[1] as { event: Event }).event;
  assert.equal(search.payload?.$case === 'search' && search.payload.search.query, 'kettle, steel');
  const item = (records[2] as { item: ItemUpsert }).item;
  assert.equal(item.title, 'Tea "green" 100g');
  assert.deepEqual(item.categoryPath, ['Food', 'Tea']);
  assert.match(errors(records)[0]!, /^5: expected 13 cells/);
});

test('gzip is read by extension and by magic bytes', async () => {
  const plain = await read('plain.jsonl', JSONL);
  assert.deepEqual(await read('zipped.jsonl.gz', gzipSync(JSONL)), plain);
  assert.deepEqual(await read('zipped-without-extension.jsonl', gzipSync(JSONL)), plain);
  const csv = await read('zipped.csv.gz', gzipSync(CSV));
  assert.equal(csv.length, 4);
});

test('demand import sends items and backfill events, reports bad lines, and sends the same ids when run again', async () => {
  await withCollector(async (address) => {
    const path = join(dir, 'cli.jsonl.gz');
    await writeFile(path, gzipSync(JSONL));
    const first = capture();
    assert.equal(await runImport(['--collector', address, '--batch', '2', path], first.io), 1);
    assert.deepEqual(JSON.parse(first.out.stdout), { lines: 8, events: 3, items: 1, bad: 3, stopped: false });
    assert.match(first.out.stderr, /line 5: .*\(skipped\)/);
    assert.match(first.out.stderr, /line 6: event\.purchase\.quantity/);
    assert.match(first.out.stderr, /import \[#+\] 100% 4 sent, 3 bad/);
    assert.equal(received.items[0]?.itemId, 'i-1');
    assert.ok(received.events.every((e) => e.backfill === true && e.receivedAt === undefined));
    const ids = received.events.map((e) => e.eventId);

    received.events.length = 0;
    assert.equal(await runImport(['--collector', address, path], capture().io), 1);
    assert.deepEqual(
      received.events.map((e) => e.eventId).sort(),
      ids.sort(),
      'the same ids again (the collector drops them as duplicates)',
    );

    received.events.length = 0;
    const strict = capture();
    assert.equal(await runImport(['--collector', address, '--strict', path], strict.io), 1);
    assert.deepEqual(JSON.parse(strict.out.stdout), { lines: 5, events: 2, items: 1, bad: 1, stopped: true });
    assert.match(strict.out.stderr, /line 5: .*\(stopping: --strict\)/);
    assert.equal(received.events.length, 2, 'the lines before the bad one went in');

    assert.equal(await runImport([path, '--format', 'xml'], capture().io), 2);
    assert.equal(await runImport([], capture().io), 2);
    const tooLarge = capture();
    assert.equal(await runImport([path, '--batch', '9000'], tooLarge.io), 2, 'a call cannot hold 9000 lines');
    assert.match(tooLarge.out.stderr, /--batch must be 1-8192/);
  });
});

test('demand import cuts a batch short when its texts are long, so one call stays under the message limit', async () => {
  await withCollector(async (address) => {
    const path = join(dir, 'long-reviews.jsonl');
    const text = 'Sturdy kettle, boils fast. '.repeat(370);
    const line = (i: number) =>
      JSON.stringify({
        user_id: `u-${i}`,
        occurred_at: '2026-03-01T10:00:00Z',
        type: 'review',
        item_id: 'i-1',
        text,
        rating: 4,
      });
    await writeFile(path, Array.from({ length: 400 }, (_, i) => line(i)).join('\n'));
    received.calls.length = 0;
    // One lane, so the lines are not split by user first: only the byte limit can cut the 400.
    assert.equal(await runImport(['--collector', address, '--in-flight', '1', path], capture().io), 0);
    const most = Math.floor((8 * 1024 * 1024) / (1024 + 3 * text.length));
    assert.equal(most, 270);
    assert.ok(received.calls.length > 1, `${received.calls.length} call(s) for 400 reviews of ${text.length} chars`);
    assert.ok(
      received.calls.every((n) => n <= most),
      `calls of ${received.calls} reviews; at most ${most} fit in 8 MiB`,
    );
    assert.equal(
      received.calls.reduce((a, b) => a + b, 0),
      400,
    );
  });
});

test('protobuf JSON (Event.toJSON: camelCase, payload nested under its kind) imports too', async () => {
  const line = {
    eventId: 'p-1',
    userId: 'u-1',
    occurredAt: '2026-03-01T10:00:00Z',
    addToCart: { itemId: 'i-1', quantity: 1, unitPrice: 9.5, currency: 'CNY' },
  };
  const records = await read('protobuf.jsonl', JSON.stringify(line));
  const event = (records[0] as { event: Event }).event;
  assert.equal(event.payload?.$case === 'addToCart' && event.payload.addToCart.unitPrice, 9.5);
  assert.equal(event.userId, 'u-1');
  assert.equal(event.backfill, true);
});

test('a nested payload, snake_case or camelCase, reads as the flat form does, and so does one with a field beside it', async () => {
  const envelope = { event_id: 'p-2', user_id: 'u-2', occurred_at: '2026-03-01T10:00:00Z', source: 'app' };
  const lines = [
    { ...envelope, add_to_cart: { item_id: 'i-2', quantity: 2, unit_price: 3.5, currency: 'CNY' } },
    {
      eventId: 'p-2',
      userId: 'u-2',
      occurredAt: '2026-03-01T10:00:00Z',
      source: 'app',
      addToCart: { itemId: 'i-2', quantity: 2, unitPrice: 3.5, currency: 'CNY' },
    },
    { type: 'add_to_cart', ...envelope, item_id: 'i-2', quantity: 2, unit_price: 3.5, currency: 'CNY' },
    { ...envelope, add_to_cart: { item_id: 'i-2' }, quantity: 2, unit_price: 3.5, currency: 'CNY' },
  ];
  const records = await read('forms.jsonl', lines.map((l) => JSON.stringify(l)).join('\n'));
  const events = records.map((r) => (r as { event: Event }).event);
  assert.equal(events.length, 4);
  const [nested, camel, flat, mixed] = events.map((e) => Event.toJSON(e!));
  assert.deepEqual(nested, flat);
  assert.deepEqual(mixed, flat);
  assert.deepEqual(camel, flat);
  assert.deepEqual((flat as { addToCart: unknown }).addToCart, {
    itemId: 'i-2',
    quantity: 2,
    unitPrice: 3.5,
    currency: 'CNY',
  });
});
