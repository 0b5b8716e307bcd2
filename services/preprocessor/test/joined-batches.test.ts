import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { BusError } from '@demand/bus';
import { initTelemetry, inSpan } from '@demand/telemetry';
import { JoinedBatches, type JoinLimits, type Pass, type Rejection } from '../src/consumers/joined-batches.js';

/** JoinedBatches whose fallback warnings and count the test can read. */
function watched<T>(pass: Pass<T>, limits: JoinLimits) {
  const warnings: { fields: object; message: string }[] = [];
  const fallbacks = { count: 0, inc: () => void fallbacks.count++ };
  const logger = { warn: (fields: object, message: string) => void warnings.push({ fields, message }) };
  const joined = new JoinedBatches(pass, limits, { logger: logger as never, fallbacks });
  return { joined, warnings, fallbacks };
}

/**
 * Settles like `promise`, or rejects after `ms` (a pass that never settles its callers fails the test, not hangs it).
 */
function within<T>(promise: Promise<T>, ms = 500): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`still pending after ${ms} ms`)), ms)),
  ]);
}

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
  const joined = watched(pass, { maxValues: 100, lingerMs: 0 }).joined;
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
  const joined = watched(pass, { maxValues: 3, lingerMs: 0 }).joined;
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
  const joined = watched(pass, { maxValues: 100, lingerMs: 30 }).joined;
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
  const { joined, warnings, fallbacks } = watched(pass, { maxValues: 100, lingerMs: 0 });
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
  assert.equal(fallbacks.count, 1);
  assert.deepEqual(warnings, [
    { fields: { batches: 3, values: 4, err: poison }, message: 'joined pass failed; running each batch alone' },
  ]);
});

test('a joined pass that fails transiently fails every batch in it, to be retried by each', async () => {
  const down = new BusError('broker unavailable', { transient: true });
  const { pass, passes } = recordingPass(() => down);
  const { joined, warnings, fallbacks } = watched(pass, { maxValues: 100, lingerMs: 0 });
  const results = await Promise.allSettled([joined.submit(['a']), joined.submit(['b'])]);
  assert.deepEqual(passes, [['a', 'b']]);
  assert.deepEqual(
    results.map((r) => r.status),
    ['rejected', 'rejected'],
  );
  assert.equal(fallbacks.count, 0);
  assert.deepEqual(warnings, []);
});

test('a pass that throws before returning a promise fails its batches instead of leaving them pending', async () => {
  const broken = new Error('thrown synchronously');
  const pass: Pass<string> = () => {
    throw broken;
  };
  const { joined } = watched(pass, { maxValues: 100, lingerMs: 0 });
  const joinedResults = await within(Promise.allSettled([joined.submit(['a']), joined.submit(['b'])]));
  assert.deepEqual(joinedResults, [
    { status: 'rejected', reason: broken },
    { status: 'rejected', reason: broken },
  ]);
  await assert.rejects(within(joined.submit(['alone'])), (error) => error === broken);
});

test('a joined pass whose result names a position outside its input fails every batch in it', async () => {
  const pass: Pass<string> = async () => ({ rejected: [{ index: -1, reason: 'malformed' }] });
  const { joined } = watched(pass, { maxValues: 100, lingerMs: 0 });
  const results = await within(Promise.allSettled([joined.submit(['a']), joined.submit(['b'])]));
  assert.deepEqual(
    results.map((r) => r.status === 'rejected' && String(r.reason)),
    [
      'Error: pass rejected position -1, outside its 2 values',
      'Error: pass rejected position -1, outside its 2 values',
    ],
  );
});

test(
  'callers wait until their pass settles; ' + 'the size cap flushes before the linger, whose timer then restarts',
  async () => {
    let release = () => {};
    const passes: string[][] = [];
    const pass: Pass<string> = (values) => {
      passes.push([...values]);
      return new Promise((resolve) => (release = () => resolve({ rejected: [] })));
    };
    const { joined } = watched(pass, { maxValues: 3, lingerMs: 200 });
    const settled: string[] = [];
    const first = joined.submit(['a', 'b']).then(() => settled.push('ab'));
    const second = joined.submit(['c']).then(() => settled.push('c'));
    assert.deepEqual(passes, [['a', 'b', 'c']], 'the cap flushes at once, not after the linger');
    await new Promise((resolve) => setTimeout(resolve, 150));
    assert.deepEqual(settled, [], 'pending while the pass is held open');
    const third = joined.submit(['d']);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.deepEqual(passes.length, 1, "the cap's flush cancelled the first linger's timer");
    release();
    await Promise.all([first, second]);
    assert.deepEqual(settled, ['ab', 'c']);
    await new Promise((resolve) => setTimeout(resolve, 150));
    assert.deepEqual(passes, [['a', 'b', 'c'], ['d']]);
    release();
    await third;
  },
);

interface EndedSpan {
  name: string;
  parentSpanContext?: { spanId: string };
  links: { context: { spanId: string } }[];
  spanContext(): { spanId: string; traceId: string };
}

test(
  "a joined pass runs in a span of its own, linked to each batch's handler span; " + "a lone batch in its handler's",
  async () => {
    const ended: EndedSpan[] = [];
    const collector = {
      onStart() {},
      onEnd: (span: EndedSpan) => ended.push(span),
      async shutdown() {},
      async forceFlush() {},
    };
    const telemetry = initTelemetry({ serviceName: 'test', spanProcessors: [collector as never] });
    try {
      const pass: Pass<string> = (values) => inSpan(`clean ${values.join()}`, {}, async () => ({ rejected: [] }));
      const { joined } = watched(pass, { maxValues: 100, lingerMs: 0 });
      await Promise.all([
        inSpan('handler a', {}, () => joined.submit(['a'])),
        inSpan('handler b', {}, () => joined.submit(['b'])),
      ]);
      await inSpan('handler c', {}, () => joined.submit(['c']));
      const byName = new Map(ended.map((span) => [span.name, span]));
      const [a, b, c, pass2, clean, cleanC] = [
        'handler a',
        'handler b',
        'handler c',
        'joined pass',
        'clean a,b',
        'clean c',
      ]
        .map((name) => byName.get(name))
        .map((span, i) => span ?? assert.fail(`no span #${i} among ${[...byName.keys()].join('; ')}`));
      assert.equal(pass2!.parentSpanContext, undefined, 'not a child of the handler whose turn flushed it');
      assert.deepEqual(
        pass2!.links.map((link) => link.context.spanId),
        [a!.spanContext().spanId, b!.spanContext().spanId],
      );
      assert.equal(clean!.parentSpanContext?.spanId, pass2!.spanContext().spanId);
      assert.equal(cleanC!.parentSpanContext?.spanId, c!.spanContext().spanId);
    } finally {
      await telemetry.shutdown();
    }
  },
);
