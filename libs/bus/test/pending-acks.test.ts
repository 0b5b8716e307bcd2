import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { PendingAcks } from '../src/pending-acks.js';

function deferred() {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

function tracker() {
  const commits: [number, string][] = [];
  const failures: [number, string][] = [];
  const acks = new PendingAcks({
    commit: (partition, offset) => void commits.push([partition, offset]),
    failed: (partition, offset) => void failures.push([partition, offset]),
  });
  return { acks, commits, failures };
}

test('commits a partition in fetch order: a later acknowledgement waits for the earlier ones', async () => {
  const { acks, commits } = tracker();
  const a = deferred();
  const b = deferred();
  const c = deferred();
  acks.add(0, '0', '10', 10, a.promise);
  acks.add(0, '10', '20', 10, b.promise);
  acks.add(1, '0', '5', 5, c.promise);
  assert.equal(acks.uncommitted(0), 20);
  b.resolve();
  c.resolve();
  await tick();
  assert.deepEqual(commits, [[1, '5']], 'partition 1 is independent; partition 0 waits for its first batch');
  assert.equal(acks.uncommitted(0), 20);
  a.resolve();
  await tick();
  assert.deepEqual(commits, [
    [1, '5'],
    [0, '20'],
  ]);
  assert.equal(acks.uncommitted(0), 20, 'acknowledged, not committed yet');
  acks.committed(0, 10n);
  assert.equal(acks.uncommitted(0), 10);
  acks.committed(0, 20n);
  assert.equal(acks.uncommitted(0), 0);
  assert.equal(acks.size(), 0);
});

test('a failed acknowledgement drops it and every later entry of the partition, and asks to read again', async () => {
  const { acks, commits, failures } = tracker();
  const a = deferred();
  const b = deferred();
  const c = deferred();
  acks.add(0, '0', '10', 10, a.promise);
  acks.add(0, '10', '20', 10, b.promise);
  acks.add(0, '20', '30', 10, c.promise);
  b.reject(new Error('insert failed'));
  await tick();
  assert.deepEqual(failures, [[0, '10']]);
  assert.equal(acks.uncommitted(0), 10, 'only the first entry is still waiting');
  c.resolve();
  a.resolve();
  await tick();
  assert.deepEqual(commits, [[0, '10']], 'what came before the failure commits; nothing after it');
});

test('oldestSettled and drain wait for acknowledgements; retain forgets revoked partitions', async () => {
  const { acks, commits } = tracker();
  const a = deferred();
  const b = deferred();
  acks.add(0, '0', '10', 10, a.promise);
  acks.add(2, '0', '3', 3, b.promise);
  let oldest = false;
  void acks.oldestSettled(0)!.then(() => (oldest = true));
  await tick();
  assert.equal(oldest, false);
  a.resolve();
  await tick();
  assert.equal(oldest, true);
  acks.retain(new Set([0]));
  b.resolve();
  await acks.drain();
  assert.deepEqual(commits, [[0, '10']], 'the revoked partition 2 is not committed by this member');
});
