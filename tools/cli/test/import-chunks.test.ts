import { afterAll, beforeAll, test } from '@jest/globals';
import assert from 'node:assert/strict';
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { gzipSync } from 'node:zlib';
import { FILE_READ_BYTES, READ_CHUNK_BYTES, readImportChunks } from '../src/import-file.js';
import { derivedEventId, type ImportRecord, readImportFile, runImport } from '../src/index.js';
import { capture } from './support/capture-io.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'demand-import-chunks-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A view line without event_id (its id is derived from the line's text), `extra` in a field the event drops. */
const view = (extra = '', user = 'u-1') =>
  `{"user_id":"${user}","occurred_at":"2026-03-01T10:00:00Z","type":"view","item_id":"i-1","note":"${extra}"}`;

/** Writes `content` as it is and gzipped; the two paths. */
async function plainAndGzip(name: string, content: string): Promise<string[]> {
  const paths = [join(dir, name), join(dir, `${name}.gz`)];
  await writeFile(paths[0]!, content);
  await writeFile(paths[1]!, gzipSync(content));
  return paths;
}

async function readAll(path: string, onBytes?: (bytes: number) => void): Promise<ImportRecord[]> {
  const records: ImportRecord[] = [];
  for await (const r of readImportFile(path, onBytes ? { onBytes } : {})) records.push(r);
  return records;
}

test('a 32 MiB line over 2,048 reads is read in linear time (each read was joined to all before it)', async () => {
  const path = join(dir, 'long-line.jsonl');
  await writeFile(path, `${view('x'.repeat(32 * 1024 * 1024))}\n${view()}\n`);
  const started = Date.now();
  const records = await readAll(path);
  assert.deepEqual(
    records.map((r) => [r.line, r.kind]),
    [
      [1, 'event'],
      [2, 'event'],
    ],
  );
  assert.ok(Date.now() - started < 10_000, `read in ${Date.now() - started} ms`);
}, 30_000);

test('a lone \\r that ends a read, then reads without a line end: the lines as readline numbers them', async () => {
  const bare = view();
  const first = view('x'.repeat(READ_CHUNK_BYTES - 1 - bare.length));
  assert.equal(first.length, READ_CHUNK_BYTES - 1);
  const content = `${first}\r${view('y'.repeat(3 * READ_CHUNK_BYTES))}\r${view('€'.repeat(READ_CHUNK_BYTES))}\r\n`;
  for (const path of await plainAndGzip('lone-cr.jsonl', content)) {
    assert.deepEqual(
      (await readAll(path)).map((r) => [r.line, r.kind]),
      (await readlineKinds(join(dir, 'lone-cr.jsonl'))).map(([line, kind]) => [line, kind]),
      path,
    );
  }
});

test('the byte counter counts bytes of a non-ASCII file (not UTF-16 units), plain and gzip', async () => {
  const lines = Array.from({ length: 2000 }, (_, i) => view(`水壶 ${i} 不锈钢`)).join('\n');
  for (const path of await plainAndGzip('chinese.jsonl', lines)) {
    const counts: number[] = [];
    assert.equal((await readAll(path, (b) => counts.push(b))).length, 2000);
    assert.equal(counts.at(-1), (await stat(path)).size, path);
  }
});

test('the byte counter keeps to the lines handed on (within a chunk), not reads ahead: plain and gzip', async () => {
  const lineBytes = `${view('000000')}\n`.length;
  const content = Array.from({ length: 40_000 }, (_, i) => `${view(String(i).padStart(6, '0'))}\n`).join('');
  for (const path of await plainAndGzip('progress.jsonl', content)) {
    const size = (await stat(path)).size;
    let handedOn = 0;
    // [share of the file counted, share of the text in the lines handed on plus one chunk and a cut line]
    const shares: [number, number][] = [];
    const onBytes = (bytes: number) =>
      shares.push([bytes / size, (handedOn * lineBytes + READ_CHUNK_BYTES + lineBytes) / content.length]);
    for await (const records of readImportChunks(path, { onBytes })) handedOn += records.length;
    assert.equal(handedOn, 40_000);
    assert.equal(shares.at(-1)![0], 1, path);
    // gzip: compressed bytes, the same share of the file as of its text but for how well each part compresses.
    const slack = path.endsWith('.gz') ? 0.01 : 0;
    const ahead = shares.filter(([counted, handed]) => counted > handed + slack);
    assert.deepEqual(ahead, [], path);
    assert.ok(shares.length >= content.length / READ_CHUNK_BYTES, `${shares.length} counts for ${path}`);
  }
});

test('a 3-byte character cut at each byte by a chunk or a read decodes whole (plain; gzip: same offsets)', async () => {
  const bare = view();
  // The character's first byte at the chunk's end minus 3 .. the chunk's end: cut after its 1st and 2nd byte too.
  const ends = [READ_CHUNK_BYTES, 2 * READ_CHUNK_BYTES, FILE_READ_BYTES, FILE_READ_BYTES + READ_CHUNK_BYTES];
  for (const start of ends.flatMap((end) => [end - 3, end - 2, end - 1, end])) {
    const before = start - bare.lastIndexOf('"');
    const line = view(`${'x'.repeat(before)}€ and after`);
    assert.equal(Buffer.from(line).indexOf('€'), start);
    for (const path of await plainAndGzip(`euro-${start}.jsonl`, `${line}\n${view('€')}`)) {
      const records = await readAll(path);
      const ids = records.map((r) => (r.kind === 'event' ? r.event.eventId : r.kind));
      assert.deepEqual(ids, [derivedEventId(line), derivedEventId(view('€'))], path);
    }
  }
});

/** [line number, 'event' or 'error'] of the non-blank lines as readline reads them, JSON.parse judging each. */
async function readlineKinds(path: string): Promise<[number, string][]> {
  const kinds: [number, string][] = [];
  let n = 0;
  for await (const line of createInterface({ input: createReadStream(path), crlfDelay: Number.POSITIVE_INFINITY })) {
    n++;
    if (line.trim() === '') continue;
    let kind = 'error';
    try {
      if (JSON.parse(line).type === 'view') kind = 'event';
    } catch {}
    kinds.push([n, kind]);
  }
  return kinds;
}

test('bad lines (bad JSON, an unknown type), one across a read, keep the numbers readline gave them', async () => {
  const ends = ['\n', '\r\n', '\r', '\r\n\r\n', '\n\r'];
  const mixed = Array.from({ length: 150 }, (_, i) => view(`${i}`) + ends[i % ends.length]).join('');
  const bytesBefore = Buffer.byteLength(mixed);
  // Bad JSON from before the read's end to past it; then an unknown type, a good line, a bad one.
  const straddling = `{"user_id":"u-1","type":"view","note":"${'y'.repeat(READ_CHUNK_BYTES - bytesBefore)}"`;
  assert.ok(bytesBefore < READ_CHUNK_BYTES && bytesBefore + straddling.length > READ_CHUNK_BYTES);
  const content = `${mixed}${straddling}\r\n${view().replace('"view"', '"teleport"')}\r${view()}\n{bad}\n${view()}`;
  for (const path of await plainAndGzip('bad-lines.jsonl', content)) {
    const expected = await readlineKinds(join(dir, 'bad-lines.jsonl'));
    assert.equal(expected.filter(([, kind]) => kind === 'error').length, 3);
    assert.deepEqual(
      (await readAll(path)).map((r) => [r.line, r.kind]),
      expected,
      path,
    );
  }
});

test('a .gz name that cannot be read (a directory) ends the import with its error, not a crash', async () => {
  const path = join(dir, 'folder.jsonl.gz');
  await mkdir(path);
  await assert.rejects(readAll(path), /EISDIR/);
  const run = capture();
  assert.equal(await runImport(['--collector', '127.0.0.1:1', path], run.io), 1);
  assert.match(run.out.stderr, /error: EISDIR.* \(after line 0; the import may be run again\)/);
});
