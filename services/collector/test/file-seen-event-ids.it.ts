import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FileSeenEventIds } from '../src/adapters/file-seen-event-ids.adapter.js';

function withDir(run: (dir: string) => Promise<void>): () => Promise<void> {
  return async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'collector-seen-'));
    try {
      await run(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

test(
  'seen ids survive closing and reopening the store (a restart)',
  withDir(async (dir) => {
    const first = new FileSeenEventIds(path.join(dir, 'collector'), 1000);
    first.open(0);
    await first.record(['a', 'b'], 1000);
    first.close();

    const second = new FileSeenEventIds(path.join(dir, 'collector'), 1000);
    second.open(0);
    assert.deepEqual([...(await second.seenSince(['a', 'b', 'c'], 0))].sort(), ['a', 'b']);
    second.close();
  }),
);

test(
  'the window: ids before `since` count as unseen, a repeat moves the time, old ids are forgotten, the log shrinks',
  withDir(async (dir) => {
    const store = new FileSeenEventIds(dir, 1000);
    store.open(0);
    await store.record(['old', 'kept'], 1000);
    await store.record(['kept'], 5000);
    assert.deepEqual([...(await store.seenSince(['old', 'kept'], 2000))], ['kept']);
    assert.equal(await store.forgetBefore(2000), 1);
    assert.deepEqual([...(await store.seenSince(['old', 'kept'], 0))], ['kept']);
    await store.record(
      Array.from({ length: 12_000 }, (_, i) => `x${i}`),
      6000,
    );
    await store.forgetBefore(7000);
    assert.equal(readFileSync(store.file, 'utf8'), '', 'the log was compacted once everything expired');
    store.close();
    const reopened = new FileSeenEventIds(dir, 1000);
    reopened.open(1500);
    assert.equal(reopened.size, 0);
    reopened.close();
  }),
);

test(
  'start-up skips expired and torn lines; memory is capped, oldest forgotten first',
  withDir(async (dir) => {
    const file = path.join(dir, FileSeenEventIds.fileName);
    writeFileSync(file, '100\told\n5000\tfresh\n');
    appendFileSync(file, '6000\tcut-sho');
    const store = new FileSeenEventIds(dir, 2);
    store.open(1000);
    assert.deepEqual([...(await store.seenSince(['old', 'fresh', 'cut-sho'], 0))], ['fresh']);
    await store.record(['n1', 'n2'], 7000);
    assert.deepEqual([...(await store.seenSince(['fresh', 'n1', 'n2'], 0))], ['n1', 'n2']);
    store.close();
  }),
);

test(
  'a batch of 5000 ids is looked up and recorded quickly',
  withDir(async (dir) => {
    const store = new FileSeenEventIds(dir, 1_000_000);
    store.open(0);
    const started = performance.now();
    for (let b = 0; b < 20; b++) {
      const ids = Array.from({ length: 5000 }, (_, i) => `ev-${b}-${(i * 2654435761) % 1e9}`);
      assert.equal((await store.seenSince(ids, 0)).size, 0);
      await store.record(ids, b);
    }
    const ms = performance.now() - started;
    assert.ok(ms < 2000, `100,000 ids took ${ms.toFixed(0)} ms`);
    store.close();
  }),
);

test(
  'failures are transient errors that say what failed',
  withDir(async (dir) => {
    const notADirectory = path.join(dir, 'file');
    writeFileSync(notADirectory, 'x');
    const broken = new FileSeenEventIds(notADirectory, 10);
    assert.throws(
      () => broken.open(0),
      (e: Error & { transient?: boolean }) => e.transient === true && /cannot open/.test(e.message),
    );
    const closed = new FileSeenEventIds(dir, 10);
    await assert.rejects(
      closed.seenSince(['a'], 0),
      (e: Error & { transient?: boolean }) => e.transient === true && /not open/.test(e.message),
    );
  }),
);
