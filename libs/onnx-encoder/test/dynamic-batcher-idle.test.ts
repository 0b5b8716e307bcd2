import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { DynamicBatcher } from '../src/dynamic-batcher.js';

function gatedModel() {
  const calls: string[][] = [];
  const gates: (() => void)[] = [];
  const batcher = new DynamicBatcher<string>({
    maxBatchSize: 4,
    maxWaitMs: 60_000,
    maxQueuedTexts: 100,
    dispatchWhenIdle: true,
    tokenLength: (text) => text.length,
    encodeBatch: async (texts) => {
      calls.push(texts);
      await new Promise<void>((resolve) => gates.push(resolve));
      return texts.map((text) => `vec(${text})`);
    },
  });
  const release = async () => {
    while (gates.length === 0) await new Promise((resolve) => setImmediate(resolve));
    gates.shift()?.();
  };
  return { batcher, calls, release };
}

describe('DynamicBatcher with dispatchWhenIdle', () => {
  it('runs a lone text at once when the model is free, without waiting maxWaitMs', async () => {
    const { batcher, calls, release } = gatedModel();
    const answer = batcher.submit(['alone']);
    assert.deepEqual(calls, [['alone']], 'dispatched synchronously, not after 60 s');
    await release();
    assert.deepEqual(await answer, ['vec(alone)']);
    await batcher.close();
  });

  it('while the model is busy, lets texts pile up and sends them together when it is free', async () => {
    const { batcher, calls, release } = gatedModel();
    const first = batcher.submit(['a']);
    const rest = ['bb', 'c', 'dddd', 'ee', 'f'].map((text) => batcher.submit([text]));
    assert.equal(calls.length, 1, 'the others wait while the first batch runs');
    await release();
    await first;
    while (calls.length < 2) await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(calls[1], ['c', 'bb', 'ee', 'dddd'], 'a full batch of the oldest waiting texts, shortest first');
    await release();
    while (calls.length < 3) await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(calls[2], ['f'], 'the rest as soon as the model is free again, not after maxWaitMs');
    await release();
    assert.deepEqual(await Promise.all(rest), [['vec(bb)'], ['vec(c)'], ['vec(dddd)'], ['vec(ee)'], ['vec(f)']]);
    await batcher.close();
  });
});
