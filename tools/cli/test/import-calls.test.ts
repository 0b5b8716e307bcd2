import { afterAll, beforeAll, test } from '@jest/globals';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { READ_CHUNK_BYTES } from '../src/import-file.js';
import { runImport } from '../src/index.js';
import { capture } from './support/capture-io.js';
import { forgetReceived, hooks, received, withCollector } from './support/recording-collector.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'demand-import-calls-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Line `n`'s view, event id `e-<n>`, padded to 120 bytes so that lines fall where the test says. */
const view = (n: number) => {
  const fields = `"user_id":"u-${n % 5}","occurred_at":"2026-03-01T10:00:00Z","type":"view","item_id":"i-1"`;
  const line = `{"event_id":"e-${n}",${fields},"x":""}`;
  return line.replace('"x":""', `"x":"${'p'.repeat(120 - line.length)}"`);
};

async function viewsFile(name: string, count: number, bad?: number): Promise<string> {
  const path = join(dir, name);
  const lines = Array.from({ length: count }, (_, i) => (i + 1 === bad ? '{"type":"view"' : view(i + 1)));
  await writeFile(path, `${lines.join('\n')}\n`);
  return path;
}

test('--strict: a bad line in a later read stops the import there; the lines before it go in, none after', async () => {
  const lineBytes = view(1).length + 1;
  // The bad line starts in the second read, with ten good lines after it in that same read.
  const bad = Math.ceil(READ_CHUNK_BYTES / lineBytes) + 50;
  assert.ok((bad - 1) * lineBytes > READ_CHUNK_BYTES && (bad + 10) * lineBytes < 2 * READ_CHUNK_BYTES);
  const path = await viewsFile('strict-later.jsonl', bad + 200, bad);
  await withCollector(async (address) => {
    forgetReceived();
    const run = capture();
    assert.equal(await runImport(['--collector', address, '--strict', '--batch', '7', path], run.io), 1);
    assert.deepEqual(JSON.parse(run.out.stdout), { lines: bad, events: bad - 1, items: 0, bad: 1, stopped: true });
    assert.match(run.out.stderr, new RegExp(`line ${bad}: .*\\(stopping: --strict\\)`));
    const ids = received.events.map((e) => Number(e.eventId.slice(2))).sort((a, b) => a - b);
    assert.deepEqual(
      ids,
      Array.from({ length: bad - 1 }, (_, i) => i + 1),
    );
  });
});

test('TrackBatch carries the API key and the --timeout deadline (one not answered fails the import)', async () => {
  const path = await viewsFile('calls.jsonl', 20);
  await withCollector(async (address) => {
    forgetReceived();
    assert.equal(await runImport(['--collector', address, '--api-key', 'k-1', '--batch', '5', path], capture().io), 0);
    assert.ok(received.calls.length > 1);
    assert.deepEqual(new Set(received.authorization), new Set(['Bearer k-1']));

    // Answers after 3 s, or when the test ends (no timer left behind).
    const answers: (() => void)[] = [];
    hooks.beforeTrackBatch = () =>
      new Promise((resolve) => {
        const timer = setTimeout(resolve, 3000);
        answers.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    try {
      const run = capture();
      const started = Date.now();
      assert.equal(await runImport(['--collector', address, '--timeout', '200', path], run.io), 1);
      assert.match(run.out.stderr, /error: DEADLINE_EXCEEDED: .*\(after line 20;/);
      assert.ok(Date.now() - started < 2500, `failed after ${Date.now() - started} ms`);
    } finally {
      for (const answer of answers) answer();
      hooks.beforeTrackBatch = async () => undefined;
    }
  });
}, 15_000);
