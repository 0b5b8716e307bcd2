import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import type { BusLogger } from '../src/logger.js';
import { READS_AGAIN_FAILING_AFTER, ReadsAgain, type ReadsAgainDeps } from '../src/reads-again.js';
import { deferredCommits, rejoined, settle, slowConsumer } from './deferred-commits-fixture.js';
import { delay, recordingLogger } from './support.js';

test('a failing durable is read again after a growing backoff, turns failing, commits once it succeeds', async () => {
  const logger = recordingLogger({ allLevels: true });
  const { lines } = logger;
  const f = deferredCommits({ backoffMs: 20, maxBackoffMs: 160, logger });
  let failing = true;
  const reads: number[] = [];
  const read = async () => {
    reads.push(performance.now());
    const ack = await f.acked(0, 0, 9);
    if (failing) ack.reject(new Error('Too many partitions for single INSERT block (more than 100)'));
    else ack.resolve();
  };
  // kafkajs's fetch loop as the commits see it: a sought partition is read again once it is not paused.
  const fetching = setInterval(() => {
    const offset = f.sought.get(0);
    if (offset === undefined || f.paused.has(0)) return;
    assert.equal(offset, '0', 'read again from the first unacknowledged record');
    f.sought.delete(0);
    void read();
  }, 2);
  try {
    await read();
    await delay(1000);
    const inTheFirstSecond = reads.length;
    // 20, 40, 80, 160, 160 … ms (less up to 20% jitter): about 8 in a second; without a backoff, hundreds.
    assert.ok(inTheFirstSecond >= 2 && inTheFirstSecond <= 12, `read ${inTheFirstSecond} times in 1 s`);
    for (let i = 1; i < reads.length; i++) {
      const backoff = Math.min(160, 20 * 2 ** (i - 1));
      assert.ok(reads[i]! - reads[i - 1]! >= 0.8 * backoff - 2, `gap ${i}: ${reads[i]! - reads[i - 1]!} ms`);
    }
    for (let waited = 0; reads.length <= READS_AGAIN_FAILING_AFTER && waited < 10_000; waited += 20) await delay(20);
    assert.equal(f.commits.isFailing(), true, 'unhealthy after repeated failed acknowledgements');
    assert.deepEqual(f.requests, [], 'nothing committed for records not durable');

    failing = false;
    for (let waited = 0; f.requests.length === 0 && waited < 10_000; waited += 20) await delay(20);
    assert.deepEqual(f.requests, [[{ topic: 't', partition: 0, offset: '10' }]]);
    f.release();
    await settle();
    assert.equal(f.commits.isFailing(), false);
    const byLevel = (level: keyof BusLogger) => lines.filter((line) => line.level === level).map((l) => l.message);
    assert.deepEqual(byLevel('warn'), [
      'acknowledgement failed; reading the partition again from its first unacknowledged record',
    ]);
    assert.deepEqual(byLevel('error'), [
      'acknowledgements keep failing; the partition is read again after a growing backoff',
    ]);
    assert.deepEqual(byLevel('info'), ['acknowledgements of the partition succeed again; its commits resume']);
    assert.equal(byLevel('debug').length, reads.length - 3, 'the other failed attempts at debug level');
  } finally {
    clearInterval(fetching);
    f.stopping.abort();
  }
});

test('a stop during the backoff does not resume the paused partition', async () => {
  const f = deferredCommits({ backoffMs: 50 });
  (await f.acked(0, 0, 9)).reject(new Error('insert failed'));
  await settle();
  assert.equal(f.sought.get(0), '0');
  assert.ok(f.paused.has(0));
  f.stopping.abort();
  await delay(80);
  assert.ok(f.paused.has(0), 'the stopping consumer reads nothing more');
});

test('a batch fetched before its partition was sought back commits nothing past the records read again', async () => {
  const logger = recordingLogger({ allLevels: true });
  const f = deferredCommits({ backoffMs: 20, logger });
  try {
    (await f.acked(0, 0, 9)).reject(new Error('insert failed'));
    await settle();
    assert.equal(f.sought.get(0), '0');
    // Fetched before the seek; its handler returned (and its rows became durable) after the failure.
    (await f.acked(0, 10, 19)).resolve();
    await settle();
    assert.deepEqual(f.requests, [], 'nothing committed past records 0-9, which are not durable');
    const messages = (level: string) => logger.lines.filter((l) => l.level === level).map((l) => l.message);
    assert.deepEqual(messages('info'), [], 'the failing streak goes on');
    assert.ok(messages('debug').includes('batch fetched before its partition was sought back; dropped, read again'));

    // Read again from the sought offset: those batches count again.
    await f.acknowledged(0, 0, 9);
    assert.deepEqual(f.requests, [[{ topic: 't', partition: 0, offset: '10' }]]);
    f.release();
    await f.acknowledged(0, 10, 19);
    assert.deepEqual(f.requests.at(-1), [{ topic: 't', partition: 0, offset: '20' }]);
    f.release();
    assert.deepEqual(messages('info'), ['acknowledgements of the partition succeed again; its commits resume']);
  } finally {
    f.stopping.abort();
  }
});

test('a partition lost after a failed acknowledgement takes the batches of its next assignment', async () => {
  const f = deferredCommits({ backoffMs: 20 });
  try {
    (await f.acked(0, 0, 9)).reject(new Error('insert failed'));
    await rejoined(f.commits, new Set([1]));
    await rejoined(f.commits, new Set([0, 1]));
    // Another member committed 0-9 meanwhile: this member reads on from 10.
    await f.acknowledged(0, 10, 19);
    assert.deepEqual(f.requests, [[{ topic: 't', partition: 0, offset: '20' }]]);
    f.release();
  } finally {
    f.stopping.abort();
  }
});

test('an acknowledgement failing while stopping is logged (the next member reads its records again)', async () => {
  const f = deferredCommits({ backoffMs: 20 });
  const ack = await f.acked(0, 0, 9);
  f.stopping.abort();
  ack.reject(new Error('insert failed during the flush'));
  await settle();
  assert.deepEqual(
    f.logger.lines.map((l) => [l.level, l.message]),
    [['warn', 'acknowledgement failed while stopping; the next member reads these records again']],
  );
  assert.equal(f.sought.has(0), false, 'a stopping consumer is not sought back');
});

test('a partition lost during its backoff is resumed, so assigned again it is read at once', async () => {
  const f = deferredCommits({ backoffMs: 60_000 });
  try {
    (await f.acked(0, 0, 9)).reject(new Error('insert failed'));
    await settle();
    assert.ok(f.paused.has(0));
    await rejoined(f.commits, new Set([1]));
    assert.equal(f.paused.has(0), false, 'kafkajs would keep it paused across the next assignment');
  } finally {
    f.stopping.abort();
  }
});

test('a resume between a crash and the restart is not an error', async () => {
  const f = deferredCommits({ backoffMs: 60_000, logger: recordingLogger({ allLevels: true }) });
  try {
    (await f.acked(0, 0, 9)).reject(new Error('insert failed'));
    await settle();
    f.consumer.resume = () => {
      throw new Error('Consumer group was not initialized, consumer#run must be called first');
    };
    await rejoined(f.commits, new Set()); // what a crash does
    const levels = f.logger.lines.filter((l) => l.message?.startsWith('resume')).map((l) => l.level);
    assert.deepEqual(levels, ['debug']);
  } finally {
    f.stopping.abort();
  }
});

/** A `ReadsAgain` alone over the fixture's consumer, whose seek `seek` replaces when given. */
function readsAgainAlone(backoffMs: number, more: { seek?: () => void } & Partial<ReadsAgainDeps> = {}) {
  const slow = slowConsumer();
  const stopping = new AbortController();
  const logger = recordingLogger();
  const { seek, ...deps } = more;
  if (seek) slow.consumer.seek = () => void seek();
  const readsAgain = new ReadsAgain({
    consumer: slow.consumer as unknown as ReadsAgainDeps['consumer'],
    groupId: 'g',
    topic: 't',
    logger,
    stopping: stopping.signal,
    backoff: { initialDelayMs: backoffMs, maxDelayMs: 4 * backoffMs },
    ...deps,
  });
  return { slow, stopping, logger, readsAgain };
}

test('a reading again is counted only once the partition was sought back and paused', () => {
  let counted = 0;
  const { slow, stopping, logger, readsAgain } = readsAgainAlone(60_000, {
    seek: () => {
      throw new Error('seek failed');
    },
    readingAgain: () => (counted += 1),
  });
  readsAgain.failed(0, '0', new Error('insert failed'));
  assert.equal(counted, 0);
  assert.equal(logger.lines.at(-1)?.message, 'seek to read again failed');
  assert.equal(slow.paused.has(0), false);
  stopping.abort();
});

test("a partition's lowest failed offset ends the streak and the stale batches each at its own time", () => {
  const { stopping, readsAgain } = readsAgainAlone(60_000);
  try {
    readsAgain.failed(0, '100', new Error('insert failed'));
    assert.equal(readsAgain.fetchedBeforeSeek(0, '110'), true, 'fetched before the seek to 100');
    assert.equal(readsAgain.fetchedBeforeSeek(0, '100'), false, 'read again from 100');
    assert.equal(readsAgain.fetchedBeforeSeek(0, '110'), false, 'after the reading again, batches count');
    // Records 150… fail while 100-149 still wait: sought back to 150; then 100-149 succeed, ending the streak.
    readsAgain.failed(0, '150', new Error('insert failed'));
    readsAgain.acknowledged(0, '150');
    for (let i = 0; i < READS_AGAIN_FAILING_AFTER; i++) readsAgain.failed(0, '150', new Error('insert failed'));
    assert.equal(readsAgain.isFailing(), true, 'a new streak from 150, counted from its first failure');
    assert.equal(readsAgain.fetchedBeforeSeek(0, '160'), true, 'still sought back to 150 once the streak ended');
    assert.equal(readsAgain.fetchedBeforeSeek(0, '150'), false);
    readsAgain.acknowledged(0, '151');
    assert.equal(readsAgain.isFailing(), false);
    assert.equal(readsAgain.fetchedBeforeSeek(0, '200'), false, 'forgotten once both ended');
  } finally {
    stopping.abort();
  }
});
