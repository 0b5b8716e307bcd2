import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { DeferredCommits } from '../src/deferred-commits.js';
import { recordingLogger } from './support.js';

type Offsets = { topic: string; partition: number; offset: string }[];

/** A consumer whose commits wait until the test lets each one through (or fails it). */
function slowConsumer() {
  const requests: Offsets[] = [];
  const pending: PromiseWithResolvers<void>[] = [];
  return {
    requests,
    release: (error?: Error) => (error ? pending.shift()!.reject(error) : pending.shift()!.resolve()),
    consumer: {
      commitOffsets: (offsets: Offsets) => {
        requests.push(offsets);
        const done = Promise.withResolvers<void>();
        pending.push(done);
        return done.promise;
      },
      seek: () => undefined,
    },
  };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));
const keepAlive = <R>(work: () => Promise<R>) => work();

function deferredCommits() {
  const slow = slowConsumer();
  const commits = new DeferredCommits({
    consumer: slow.consumer,
    groupId: 'g',
    topic: 't',
    logger: recordingLogger(),
    spec: {},
    stopping: new AbortController().signal,
  });
  commits.joined(new Set([0, 1]));
  const acked = async (partition: number, firstOffset: number, lastOffset: number) => {
    const ack = Promise.withResolvers<void>();
    const records = lastOffset - firstOffset + 1;
    await commits.handled(
      { partition, firstOffset: String(firstOffset), lastOffset: String(lastOffset), records, ack: ack.promise },
      keepAlive,
    );
    return ack;
  };
  return { ...slow, commits, acked };
}

test('acknowledgements arriving while a commit is in flight go out together in the next request', async () => {
  const { requests, release, acked } = deferredCommits();
  const acks = [await acked(0, 0, 9), await acked(0, 10, 19), await acked(0, 20, 29), await acked(1, 0, 4)];
  acks[0]!.resolve();
  await settle();
  for (const ack of acks.slice(1)) ack.resolve();
  await settle();
  assert.deepEqual(requests, [[{ topic: 't', partition: 0, offset: '10' }]]);
  release();
  await settle();
  assert.deepEqual(requests.slice(1), [
    [
      { topic: 't', partition: 0, offset: '30' },
      { topic: 't', partition: 1, offset: '5' },
    ],
  ]);
  release();
  await settle();
  assert.equal(requests.length, 2);
});

test('a refused commit is retried after the next join, for the partitions this member kept', async () => {
  const { requests, release, acked, commits } = deferredCommits();
  const acks = [await acked(0, 0, 9), await acked(1, 0, 4)];
  for (const ack of acks) ack.resolve();
  await settle();
  assert.equal(requests.length, 1);
  release(new Error('REBALANCE_IN_PROGRESS'));
  await settle();
  commits.joined(new Set([1]));
  await settle();
  assert.deepEqual(requests.slice(1), [[{ topic: 't', partition: 1, offset: '5' }]]);
  release();
  await settle();
  assert.equal(requests.length, 2);
});

test('a partition given away while a commit is in flight is not committed after the join', async () => {
  const { requests, release, acked, commits } = deferredCommits();
  (await acked(0, 0, 9)).resolve();
  await settle();
  (await acked(1, 0, 49)).resolve();
  await settle();
  commits.joined(new Set([0]));
  release();
  await settle();
  assert.deepEqual(requests, [[{ topic: 't', partition: 0, offset: '10' }]]);
});
