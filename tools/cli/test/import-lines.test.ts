import { afterAll, beforeAll, test } from '@jest/globals';
import assert from 'node:assert/strict';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { gzipSync } from 'node:zlib';
import { READ_CHUNK_BYTES } from '../src/import-file.js';
import { readImportFile } from '../src/index.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'demand-import-lines-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const view = (id: string, pad = 0) =>
  JSON.stringify({
    event_id: id,
    user_id: 'u-1',
    occurred_at: '2026-03-01T10:00:00Z',
    type: 'view',
    item_id: `i-${'x'.repeat(pad)}`,
  });

/** Numbered non-blank lines as readline reads them (`crlfDelay: Infinity`): what the import numbered before. */
async function readlineLines(path: string): Promise<[number, string][]> {
  const lines: [number, string][] = [];
  let n = 0;
  for await (const raw of createInterface({ input: createReadStream(path), crlfDelay: Number.POSITIVE_INFINITY })) {
    n++;
    const line = n === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    if (line.trim() !== '') lines.push([n, JSON.parse(line).event_id]);
  }
  return lines;
}

async function importedLines(path: string): Promise<[number, string][]> {
  const lines: [number, string][] = [];
  for await (const r of readImportFile(path)) {
    assert.equal(r.kind, 'event', JSON.stringify(r));
    if (r.kind === 'event') lines.push([r.line, r.event.eventId]);
  }
  return lines;
}

test('line ends (\\n, \\r\\n, a lone \\r) and blank lines number lines as readline did, across reads', async () => {
  const ends = ['\n', '\r\n', '\r', '\n\n', '\r\n\r\n', '\r\r\n'];
  // Lines of many lengths, so that line ends (a \r\n's two halves too) fall on every side of the reads' edges.
  const lines = Array.from({ length: 3000 }, (_, i) => view(`e-${i}`, (i * 7) % 61) + ends[i % ends.length]);
  const text = `\uFEFF${lines.join('')}`;
  for (const [name, content] of [
    ['ends.jsonl', text],
    ['no-final-end.jsonl', `${text}${view('e-last')}`],
    ['final-cr.jsonl', `${text}${view('e-last')}\r`],
  ] as const) {
    const path = join(dir, name);
    await writeFile(path, content);
    const expected = await readlineLines(path);
    assert.ok(expected.length >= 3000);
    assert.deepEqual(await importedLines(path), expected, name);
  }
});

test("a \\r\\n split by a read: the \\r at each side of a read's end, plain and gzip", async () => {
  for (let shift = 0; shift < 4; shift++) {
    // The first line is READ_CHUNK_BYTES - 2 + shift bytes: its \r ends the first read when shift is 1.
    const length = READ_CHUNK_BYTES - 2 + shift;
    const bare = view('e-0');
    const first = `${bare.slice(0, -1)},"note":"${'x'.repeat(length - bare.length - 10)}"}`;
    assert.equal(first.length, length);
    const content = `${first}\r\n${view('e-1')}\r\n\r\n${view('e-2')}`;
    for (const [name, bytes] of [
      [`split-${shift}.jsonl`, Buffer.from(content)],
      [`split-${shift}.jsonl.gz`, gzipSync(content)],
    ] as const) {
      const path = join(dir, name);
      await writeFile(path, bytes);
      const lines = [];
      for await (const r of readImportFile(path)) lines.push([r.line, r.kind]);
      assert.deepEqual(
        lines,
        [
          [1, 'event'],
          [2, 'event'],
          [4, 'event'],
        ],
        name,
      );
    }
  }
});
