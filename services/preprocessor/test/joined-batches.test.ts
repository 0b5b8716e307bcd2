import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { BusError } from '@demand/bus';
import { JoinedBatches, type Rejection } from '../src/consumers/joined-batches.js';

/** A pass that records its inputs and rejects every value starting with `bad`. */
function recordingPass(fail: (values: readonly string[]) => Error | undefined = () => undefined) {
  const passes: string[][] = [];
  const pass = async (values: readonly string[]) => {
    passes.push([...values]);
    const error = fail(values);
    if (error) throw error;
    const rejected: Rejection[] = [];
    values.forEach((v, index) => v.startsWith('bad') && rejected.push({ index, reason: `no ${v}` }));
    return { rejected };
  };
  return { pass, passes };
}

test('batches handed over together go in one pass, each caller gets its own rejections', async () => {
  const { pass, passes } = recordingPass();
  const joined = new JoinedBatches(pass, { maxValues: 100, lingerMs: 0 });
  const results = await Promise.all([
    joined.submit(['a1', 'bad-a2']),
    joined.submit(['b1']),
    joined.submit(['bad-c1', 'c2', 'bad-c3']),
  ]);
  assert.deepEqual(passes, [['a1', 'bad-a2', 'b1', 'bad-c1', 'c2', 'bad-c3']]);
  assert.deepEqual(results, [
    [{ index: 1, reason: 'no bad-a2' }],
    [],
    [
      { index: 0, reason: 'no bad-c1' },
      { index: 2, reason: 'no bad-c3' },
    ],
  ]);
});

test('a pass holds at most maxValues values; a larger batch goes alone', async () => {
  const { pass, passes } = recordingPass();
  const joined = new JoinedBatches(pass, { maxValues: 3, lingerMs: 0 });
  await Promise.all([joined.submit(['a', 'b']), joined.submit(['c', 'd']), joined.submit(['e', 'f', 'g', 'h'])]);
  assert.deepEqual(passes, [
    ['a', 'b'],
    ['c', 'd'],
    ['e', 'f', 'g', 'h'],
  ]);
  await Promise.all([joined.submit(['a']), joined.submit(['b', 'c']), joined.submit(['d'])]);
  assert.deepEqual(passes.slice(3), [['a', 'b', 'c'], ['d']]);
});

test('batches handed over within the linger join; later ones go in the next pass', async () => {
  const { pass, passes } = recordingPass();
  const joined = new JoinedBatches(pass, { maxValues: 100, lingerMs: 30 });
  const first = joined.submit(['a']);
  await new Promise((resolve) => setTimeout(resolve, 5));
  const second = joined.submit(['b']);
  await Promise.all([first, second]);
  const third = joined.submit(['c']);
  await third;
  assert.deepEqual(passes, [['a', 'b'], ['c']]);
});

test('a joined pass that fails runs each batch alone: only the failing batch fails', async () => {
  const poison = new Error('cannot clean poison');
  const { pass, passes } = recordingPass((values) => (values.includes('poison') ? poison : undefined));
  const joined = new JoinedBatches(pass, { maxValues: 100, lingerMs: 0 });
  const results = await Promise.allSettled([
    joined.submit(['a1', 'bad-a2']),
    joined.submit(['poison']),
    joined.submit(['c1']),
  ]);
  assert.deepEqual(passes, [['a1', 'bad-a2', 'poison', 'c1'], ['a1', 'bad-a2'], ['poison'], ['c1']]);
  assert.deepEqual(results, [
    { status: 'fulfilled', value: [{ index: 1, reason: 'no bad-a2' }] },
    { status: 'rejected', reason: poison },
    { status: 'fulfilled', value: [] },
  ]);
});

test('a joined pass that fails transiently fails every batch in it, to be retried by each', async () => {
  const down = new BusError('broker unavailable', { transient: true });
  const { pass, passes } = recordingPass(() => down);
  const joined = new JoinedBatches(pass, { maxValues: 100, lingerMs: 0 });
  const results = await Promise.allSettled([joined.submit(['a']), joined.submit(['b'])]);
  assert.deepEqual(passes, [['a', 'b']]);
  assert.deepEqual(
    results.map((r) => r.status),
    ['rejected', 'rejected'],
  );
});
