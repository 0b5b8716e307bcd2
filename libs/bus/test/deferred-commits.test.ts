import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { deferredCommits, rebalancing, rejoined, settle, timedOut } from './deferred-commits-fixture.js';
import { delay, recordingLogger } from './support.js';

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
  const { requests, release, acked, commits, logger } = deferredCommits();
  const acks = [await acked(0, 0, 9), await acked(1, 0, 4)];
  for (const ack of acks) ack.resolve();
  await settle();
  assert.deepEqual(requests, [
    [
      { topic: 't', partition: 0, offset: '10' },
      { topic: 't', partition: 1, offset: '5' },
    ],
  ]);
  release(rebalancing());
  await delay(10);
  assert.equal(requests.length, 1, 'a rebalance waits for the join');
  assert.deepEqual(
    logger.lines.map(({ level, fields, message }) => ({ level, offsets: fields.offsets, err: fields.err, message })),
    [
      {
        level: 'warn',
        offsets: [
          { partition: 0, offset: '10' },
          { partition: 1, offset: '5' },
        ],
        err: 'The group is rebalancing',
        message: 'deferred commit refused by a rebalance; retried after the next join',
      },
    ],
  );
  await rejoined(commits, new Set([1]));
  assert.deepEqual(requests.slice(1), [[{ topic: 't', partition: 1, offset: '5' }]]);
  release();
  await settle();
  await rejoined(commits, new Set([0, 1]));
  assert.equal(requests.length, 2, 'the partition given away is never committed by this member again');
});

test('a partition given away while a commit is in flight is not committed after the join', async () => {
  const { requests, release, acknowledged, commits } = deferredCommits();
  await acknowledged(0, 0, 9);
  await acknowledged(1, 0, 49);
  commits.joined(new Set([0]));
  release();
  await settle();
  assert.deepEqual(requests, [[{ topic: 't', partition: 0, offset: '10' }]]);
});

test('a refused lower offset never moves a partition back once a higher one is committed', async () => {
  const { requests, release, acknowledged, commits } = deferredCommits();
  await acknowledged(0, 0, 9);
  await acknowledged(0, 10, 19);
  release(rebalancing());
  await settle();
  assert.deepEqual(requests.slice(1), [[{ topic: 't', partition: 0, offset: '20' }]]);
  release();
  await settle();
  await rejoined(commits, new Set([0, 1]));
  assert.equal(requests.length, 2);
});

test('a commit that timed out is retried after a backoff, with what was acknowledged meanwhile', async () => {
  const { requests, release, acked, acknowledged, logger } = deferredCommits();
  await acknowledged(0, 0, 9);
  (await acked(1, 0, 4)).resolve();
  release(timedOut());
  await delay(20);
  assert.deepEqual(requests.slice(1), [
    [
      { topic: 't', partition: 0, offset: '10' },
      { topic: 't', partition: 1, offset: '5' },
    ],
  ]);
  assert.deepEqual(logger.lines[0]?.fields.offsets, [{ partition: 0, offset: '10' }]);
  assert.equal(logger.lines[0]?.message, 'deferred commit failed; retried after a backoff');
  release();
  await delay(20);
  assert.equal(requests.length, 2);
});

test('on stop a failed commit is tried once more, and what is still uncommitted is logged as an error', async () => {
  const { requests, release, acknowledged, commits, logger, stopping } = deferredCommits();
  await acknowledged(0, 0, 9);
  stopping.abort();
  const settled = commits.settle();
  release(timedOut());
  await settle();
  assert.equal(requests.length, 2, 'tried once more');
  assert.deepEqual(
    logger.lines.map(({ level, fields, message }) => ({ level, delayMs: fields.delayMs, message })),
    [{ level: 'warn', delayMs: undefined, message: 'deferred commit failed; tried once more on stop' }],
  );
  release(timedOut());
  await settled;
  const errors = logger.lines.filter(({ level }) => level === 'error');
  assert.deepEqual(
    errors.map(({ fields, message }) => ({ offsets: fields.offsets, message })),
    [
      {
        offsets: [{ partition: 0, offset: '10' }],
        message: 'offsets left uncommitted on stop; their records are read again',
      },
    ],
  );
});

test('on stop a commit refused by a rebalance is tried once more', async () => {
  const { requests, release, acknowledged, commits, logger, stopping } = deferredCommits();
  await acknowledged(0, 0, 9);
  release(rebalancing());
  await settle();
  stopping.abort();
  const settled = commits.settle();
  await settle();
  assert.deepEqual(requests.slice(1), [[{ topic: 't', partition: 0, offset: '10' }]]);
  release();
  await settled;
  assert.deepEqual(
    logger.lines.filter(({ level }) => level === 'error'),
    [],
  );
});

test('a failed commit of a partition lost and assigned again meanwhile is not retried over its new progress', async () => {
  for (const failure of [timedOut, rebalancing]) {
    const { requests, release, acknowledged, commits } = deferredCommits({ backoffMs: 50 });
    await acknowledged(1, 0, 49);
    commits.joined(new Set([0]));
    release(failure());
    await delay(5);
    await rejoined(commits, new Set([0, 1]));
    await delay(80);
    assert.deepEqual(requests, [[{ topic: 't', partition: 1, offset: '50' }]], failure.name);
  }
});

test('what this member committed of a partition it lost does not hide a commit once the partition is back', async () => {
  const { requests, release, acknowledged, commits } = deferredCommits();
  await acknowledged(0, 0, 9);
  release(); // kafkajs resolves without committing when its runner is not running
  await settle();
  await rejoined(commits, new Set([1]));
  await rejoined(commits, new Set([0, 1]));
  await acknowledged(0, 0, 9); // read again from the broker's offset
  assert.deepEqual(requests.slice(1), [[{ topic: 't', partition: 0, offset: '10' }]]);
});

test('a step of the commits that throws (here the logger) is logged and the later commits still go out', async () => {
  const logger = recordingLogger();
  const { warn } = logger;
  let throws = 1;
  logger.warn = (fields, message) => {
    if (throws-- > 0) throw new Error('logger down');
    warn(fields, message);
  };
  const { requests, release, acknowledged } = deferredCommits({ logger });
  await acknowledged(0, 0, 9);
  release(timedOut());
  await settle();
  await acknowledged(0, 10, 19);
  assert.deepEqual(requests.slice(1), [[{ topic: 't', partition: 0, offset: '20' }]]);
  assert.deepEqual(
    logger.lines.map(({ level, fields, message }) => ({ level, err: fields.err, message })),
    [{ level: 'error', err: 'logger down', message: 'deferred commit step failed' }],
  );
});

test('five commits failing in a row are logged as an error and make the commits failing until one succeeds', async () => {
  const { release, acknowledged, commits, logger } = deferredCommits();
  await acknowledged(0, 0, 9);
  for (let failures = 0; failures < 5; failures += 1) {
    assert.equal(commits.isFailing(), false);
    release(timedOut());
    await delay(10);
  }
  assert.equal(commits.isFailing(), true);
  assert.deepEqual(
    logger.lines.map(({ level }) => level),
    ['warn', 'warn', 'warn', 'warn', 'error'],
  );
  release();
  await settle();
  assert.equal(commits.isFailing(), false);
});

test('a stop during a long backoff tries the failed commit once more at once', async () => {
  const { requests, release, acknowledged, commits, stopping } = deferredCommits({ backoffMs: 60_000 });
  await acknowledged(0, 0, 9);
  release(timedOut());
  await settle();
  const stoppedAt = performance.now();
  stopping.abort();
  const settled = commits.settle();
  await delay(10);
  assert.equal(requests.length, 2, 'a second request went out');
  release();
  await settled;
  assert.ok(performance.now() - stoppedAt < 1000, 'settled within a second');
});
