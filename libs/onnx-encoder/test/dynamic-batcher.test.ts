import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { DynamicBatcher, type DynamicBatcherOptions } from '../src/dynamic-batcher.js';
import { EncoderError } from '../src/encoder-error.js';

interface Call {
  texts: string[];
  at: number;
}

/** A fake model: the "vector" of a text is the text itself, tagged; calls are recorded. */
function fakeModel(options: Partial<DynamicBatcherOptions<string>> & { delayMs?: number; gate?: Promise<void> } = {}) {
  const calls: Call[] = [];
  const started = performance.now();
  const batcher = new DynamicBatcher<string>({
    maxBatchSize: 4,
    maxWaitMs: 5,
    maxQueuedTexts: 1000,
    tokenLength: (text) => text.length,
    encodeBatch: async (texts) => {
      calls.push({ texts, at: performance.now() - started });
      if (options.gate) await options.gate;
      if (options.delayMs) await sleep(options.delayMs);
      if (texts.includes('bad')) throw new Error('model failed');
      return texts.map((text) => `vec(${text})`);
    },
    ...options,
  });
  return { batcher, calls };
}

describe('DynamicBatcher', () => {
  it('gives each of many concurrent callers its own results, in order, in shared batches', async () => {
    const { batcher, calls } = fakeModel({ maxBatchSize: 8, maxWaitMs: 10 });
    const requests = Array.from({ length: 20 }, (_, caller) =>
      Array.from({ length: 1 + (caller % 3) }, (_, i) => `c${caller}-t${i}-${'x'.repeat(caller % 5)}`),
    );
    const results = await Promise.all(requests.map((texts) => batcher.submit(texts)));
    results.forEach((result, caller) =>
      assert.deepEqual(
        result,
        (requests[caller] as string[]).map((text) => `vec(${text})`),
      ),
    );
    const totalTexts = requests.flat().length;
    assert.equal(calls.flatMap((call) => call.texts).length, totalTexts);
    assert.ok(calls.every((call) => call.texts.length <= 8));
    assert.ok(calls.length <= Math.ceil(totalTexts / 8) + 1, `${calls.length} model calls for ${totalTexts} texts`);
  });

  it('sorts waiting texts by token length before cutting batches', async () => {
    const { batcher, calls } = fakeModel({ maxBatchSize: 2, maxWaitMs: 20 });
    const texts = ['aaaaaaaaaa', 'a', 'aaaaaaaaa', 'aa'];
    assert.deepEqual(
      await batcher.submit(texts),
      texts.map((text) => `vec(${text})`),
    );
    assert.deepEqual(
      calls.map((call) => call.texts),
      [
        ['a', 'aa'],
        ['aaaaaaaaa', 'aaaaaaaaaa'],
      ],
    );
  });

  it('waits at most maxWaitMs for a batch to fill', async () => {
    const { batcher, calls } = fakeModel({ maxBatchSize: 100, maxWaitMs: 40 });
    const started = performance.now();
    assert.deepEqual(await batcher.submit(['lonely']), ['vec(lonely)']);
    const elapsed = performance.now() - started;
    assert.equal(calls.length, 1);
    assert.ok(elapsed >= 38, `dispatched after ${elapsed} ms, before the wait ended`);
    assert.ok(elapsed < 40 + 250, `dispatched after ${elapsed} ms`);
  });

  it('dispatches a full batch at once without waiting', async () => {
    const { batcher } = fakeModel({ maxBatchSize: 3, maxWaitMs: 60_000 });
    const started = performance.now();
    assert.deepEqual(await batcher.submit(['a', 'b', 'c']), ['vec(a)', 'vec(b)', 'vec(c)']);
    assert.ok(performance.now() - started < 1000);
  });

  it('sends the remainder of a submit larger than a batch within maxWaitMs', async () => {
    const { batcher, calls } = fakeModel({ maxBatchSize: 2, maxWaitMs: 30 });
    assert.deepEqual(await batcher.submit(['a', 'bb', 'ccc']), ['vec(a)', 'vec(bb)', 'vec(ccc)']);
    assert.deepEqual(
      calls.map((call) => call.texts),
      [['a', 'bb'], ['ccc']],
    );
    assert.ok((calls[1]?.at ?? 0) >= 28, 'the lone remainder waited for company');
  });

  it('refuses texts beyond the queue limit with QUEUE_FULL, and takes them again once drained', async () => {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const { batcher } = fakeModel({ maxBatchSize: 2, maxWaitMs: 0, maxQueuedTexts: 5, gate });
    const first = batcher.submit(['a', 'b', 'c']);
    assert.equal(batcher.queuedTexts, 3);
    await assert.rejects(
      batcher.submit(['d', 'e', 'f']),
      (error: unknown) =>
        error instanceof EncoderError && error.code === 'QUEUE_FULL' && /limit of 5/.test(error.message),
    );
    const second = batcher.submit(['d', 'e']);
    open();
    assert.deepEqual(await first, ['vec(a)', 'vec(b)', 'vec(c)']);
    assert.deepEqual(await second, ['vec(d)', 'vec(e)']);
    assert.equal(batcher.queuedTexts, 0);
    assert.deepEqual(await batcher.submit(['g', 'h', 'i', 'j', 'k']), [
      'vec(g)',
      'vec(h)',
      'vec(i)',
      'vec(j)',
      'vec(k)',
    ]);
    await assert.rejects(
      batcher.submit(['1', '2', '3', '4', '5', '6']),
      (error: unknown) => error instanceof EncoderError && /can never fit/.test(error.message),
    );
  });

  it('fails only the callers whose batch failed', async () => {
    const { batcher } = fakeModel({ maxBatchSize: 1, maxWaitMs: 0 });
    const [good, bad] = await Promise.allSettled([batcher.submit(['fine']), batcher.submit(['bad'])]);
    assert.deepEqual(good, { status: 'fulfilled', value: ['vec(fine)'] });
    assert.equal(bad.status, 'rejected');
    assert.equal(batcher.queuedTexts, 0);
  });

  it('runs no more batches at once than allowed', async () => {
    let running = 0;
    let peak = 0;
    const batcher = new DynamicBatcher<number>({
      maxBatchSize: 1,
      maxWaitMs: 0,
      maxQueuedTexts: 100,
      maxConcurrentBatches: 2,
      tokenLength: () => 1,
      encodeBatch: async (texts) => {
        running++;
        peak = Math.max(peak, running);
        await sleep(5);
        running--;
        return texts.map((text) => text.length);
      },
    });
    await Promise.all(Array.from({ length: 8 }, (_, i) => batcher.submit(['x'.repeat(i)])));
    assert.equal(peak, 2);
  });

  it('close() finishes waiting texts and refuses new ones', async () => {
    const { batcher, calls } = fakeModel({ maxBatchSize: 10, maxWaitMs: 60_000 });
    const waiting = batcher.submit(['a', 'b']);
    await batcher.close();
    assert.deepEqual(await waiting, ['vec(a)', 'vec(b)']);
    assert.equal(calls.length, 1);
    await assert.rejects(
      batcher.submit(['c']),
      (error: unknown) => error instanceof EncoderError && error.code === 'BATCHER_CLOSED',
    );
  });

  it('rejects nonsensical options', () => {
    assert.throws(() => fakeModel({ maxBatchSize: 0, maxQueuedTexts: -1 }), /maxBatchSize.*maxQueuedTexts/);
  });
});
