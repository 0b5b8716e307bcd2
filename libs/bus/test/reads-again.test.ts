import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import type { BusLogger } from '../src/logger.js';
import { READS_AGAIN_FAILING_AFTER } from '../src/reads-again.js';
import { deferredCommits, settle } from './deferred-commits-fixture.js';
import { delay } from './support.js';

function allLevelsLogger() {
  const lines: { level: keyof BusLogger; message: string | undefined }[] = [];
  const at = (level: keyof BusLogger) => (_fields: Record<string, unknown>, message?: string) =>
    void lines.push({ level, message });
  const logger: BusLogger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  return { logger, lines };
}

test('a durable that keeps rejecting is read again after a growing backoff, turns failing, and commits once it succeeds', async () => {
  const { logger, lines } = allLevelsLogger();
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
