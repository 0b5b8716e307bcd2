import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FileApiKeyStore, issueApiKey } from '@demand/api-keys';
import { type KeyAnswer, keyAnswerFrom, RelayedKeys } from '../src/read-server/relayed-keys.js';

test("a revoke reaches the worker's key copies when it reaches the main thread's store (fake clock)", async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'relayed-keys-'));
  try {
    const file = path.join(dir, 'keys.json');
    const key = issueApiKey({ name: 'app', scopes: ['read'] });
    await new FileApiKeyStore(file).add(key.record);
    let now = 0;
    const clock = () => now;
    const refreshMs = 1000;
    const main = new FileApiKeyStore(file, refreshMs, clock);
    let asks = 0;
    const relayed: RelayedKeys = new RelayedKeys(
      (seq, id) => {
        asks++;
        void keyAnswerFrom(main, id).then((answer) => relayed.answered(seq, answer));
      },
      refreshMs,
      clock,
    );

    // The main port reads the file at t=0; the worker first asks at t=949, from that copy.
    assert.equal((await main.find(key.record.id))?.revokedAt, undefined);
    now = 949;
    assert.equal((await relayed.find(key.record.id))?.revokedAt, undefined);
    assert.equal(asks, 1);

    now = 900;
    await new FileApiKeyStore(file).revoke(key.record.id, new Date('2026-12-06T00:00:00Z'));
    now = 999;
    assert.equal((await relayed.find(key.record.id))?.revokedAt, undefined, 'still within the main copy');

    // The main thread rereads from t=1000; the worker's copy ends with it (not at 949 + 1000).
    now = 1000;
    assert.ok((await main.find(key.record.id))?.revokedAt);
    now = 1001;
    assert.ok((await relayed.find(key.record.id))?.revokedAt, 'the worker sees the revoke too');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("a store failure reaches the worker's caller as an error, and nothing is kept", async () => {
  const failing = {
    find: () => Promise.reject(new Error('keys unreadable')),
    list: () => Promise.resolve([]),
    add: () => Promise.resolve(),
    revoke: () => Promise.resolve(false),
  };
  let asks = 0;
  const relayed: RelayedKeys = new RelayedKeys(
    (seq, id) => {
      asks++;
      void keyAnswerFrom(failing, id).then((answer) => relayed.answered(seq, answer));
    },
    1000,
    () => 0,
  );
  await assert.rejects(relayed.find('k1'), /keys unreadable/);
  await assert.rejects(relayed.find('k1'), /keys unreadable/);
  assert.equal(asks, 2);
});

function answeredBy(lookup: (id: string) => KeyAnswer, clock: () => number) {
  const asks: string[] = [];
  const waiting: (() => void)[] = [];
  const relayed: RelayedKeys = new RelayedKeys(
    (seq, id) => {
      asks.push(id);
      waiting.push(() => relayed.answered(seq, lookup(id)));
    },
    1000,
    clock,
  );
  const answerAll = () => {
    for (const answer of waiting.splice(0)) answer();
  };
  return { relayed, asks, answerAll };
}

test('one ask per key at a time; a copy past half its time is served at once while a new one is asked for', async () => {
  let now = 0;
  const key = issueApiKey({ name: 'app', scopes: ['read'] });
  let record = key.record;
  const { relayed, asks, answerAll } = answeredBy(
    () => ({ record, ageMs: 0 }),
    () => now,
  );
  const first = [relayed.find(key.record.id), relayed.find(key.record.id)];
  assert.deepEqual(asks, [key.record.id], 'two calls, one ask');
  answerAll();
  assert.deepEqual(await Promise.all(first), [key.record, key.record]);

  now = 400;
  assert.equal(await relayed.find(key.record.id), key.record);
  assert.equal(asks.length, 1, 'more than half its time left: no ask');
  now = 600;
  record = { ...key.record, revokedAt: '2026-12-06T00:00:00.000Z' };
  assert.equal(await relayed.find(key.record.id), key.record, 'served from the copy, not waiting');
  assert.equal(await relayed.find(key.record.id), key.record);
  assert.equal(asks.length, 2, 'one ask ahead');
  answerAll();
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal((await relayed.find(key.record.id))?.revokedAt, record.revokedAt, 'the new copy');
  assert.equal(asks.length, 2);
});

test('ids no key has are copied apart: many made-up ids do not push the keys out', async () => {
  const key = issueApiKey({ name: 'app', scopes: ['read'] });
  const { relayed, asks, answerAll } = answeredBy(
    (id) => (id === key.record.id ? { record: key.record, ageMs: 0 } : { ageMs: 0 }),
    () => 0,
  );
  const found = relayed.find(key.record.id);
  answerAll();
  assert.equal(await found, key.record);
  for (let i = 0; i < 10_001; i++) {
    const missing = relayed.find(`made-up-${i}`);
    answerAll();
    assert.equal(await missing, undefined);
  }
  const asked = asks.length;
  assert.equal(await relayed.find(key.record.id), key.record);
  assert.equal(asks.length, asked, 'the key is still copied');
});
