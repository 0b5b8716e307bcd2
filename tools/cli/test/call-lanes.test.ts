import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { CallLanes } from '../src/call-lanes.js';

function pending() {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((ok, fail) => ((resolve = ok), (reject = fail)));
  return { promise, resolve, reject };
}

const turn = () => new Promise((r) => setImmediate(r));

test("a lane's calls run one after another, other lanes' beside them; drain waits for all", async () => {
  const lanes = new CallLanes(2);
  const [a, b, c] = [pending(), pending(), pending()];
  const started: string[] = [];
  const call = (name: string, p: { promise: Promise<void> }) => () => (started.push(name), p.promise);
  await lanes.add(0, call('a', a));
  await lanes.add(1, call('b', b));
  await lanes.add(0, call('c', c));
  assert.deepEqual(started, ['a', 'b'], "lane 0's second call waits for its first, not for lane 1; add does not");
  b.resolve();
  await turn();
  assert.deepEqual(started, ['a', 'b'], 'the end of a call in another lane starts nothing');
  a.resolve();
  await turn();
  assert.deepEqual(started, ['a', 'b', 'c']);
  let drained = false;
  const draining = lanes.drain().then(() => (drained = true));
  await turn();
  assert.equal(drained, false, 'one call is still running');
  c.resolve();
  await draining;
});

test('add waits only while the calls waiting in the lanes hold more than bufferBytes', async () => {
  const lanes = new CallLanes(2, 25);
  const a = pending();
  const started: string[] = [];
  const call = (name: string, p?: { promise: Promise<void> }) => () => (started.push(name), p?.promise ?? turn());
  await lanes.add(0, call('a', a), 10);
  await lanes.add(0, call('b'), 10);
  await lanes.add(0, call('c'), 10);
  let added = false;
  const adding = lanes.add(0, call('d'), 10).then(() => (added = true));
  await turn();
  assert.deepEqual(started, ['a']);
  assert.equal(added, false, '30 bytes wait behind a: more than 25');
  a.resolve();
  await adding;
  assert.ok(started.includes('b'), 'b left the buffer, so there is room for d');
  await lanes.drain();
  assert.deepEqual(started, ['a', 'b', 'c', 'd']);
});

test('the first failure is thrown by the next add (which then starts nothing) and by drain', async () => {
  const lanes = new CallLanes(4);
  const [a, b] = [pending(), pending()];
  await lanes.add(0, () => a.promise);
  await lanes.add(1, () => b.promise);
  a.reject(new Error('first'));
  b.reject(new Error('second'));
  await turn();
  let started = false;
  await assert.rejects(
    lanes.add(2, async () => (started = true)),
    /first/,
  );
  assert.equal(started, false);
  await assert.rejects(lanes.drain(), /first/);
  assert.throws(() => new CallLanes(0), RangeError);
  await assert.rejects(
    lanes.add(4, async () => undefined),
    RangeError,
  );
});

test('a key always takes the same lane, and keys spread over all lanes', () => {
  const lanes = new CallLanes(4);
  const keys = Array.from({ length: 400 }, (_, i) => `u-${i}`);
  const taken = keys.map((key) => lanes.laneOf(key));
  assert.deepEqual(
    keys.map((key) => lanes.laneOf(key)),
    taken,
  );
  const counts = [0, 1, 2, 3].map((lane) => taken.filter((l) => l === lane).length);
  assert.ok(
    counts.every((n) => n > 60),
    `keys per lane ${counts}`,
  );
});

test('a failure releases an add waiting for room, though the calls ahead of it are still held', async () => {
  const lanes = new CallLanes(2, 16);
  const [held, onWire] = [pending(), pending()];
  await lanes.add(0, () => held.promise);
  await lanes.add(0, async () => undefined, 8);
  await lanes.add(0, async () => undefined, 8);
  await lanes.add(1, () => onWire.promise);
  let outcome: unknown = 'waiting';
  void lanes
    .add(0, async () => undefined, 8)
    .then(
      () => (outcome = 'added'),
      (error: unknown) => (outcome = error),
    );
  await turn();
  assert.equal(outcome, 'waiting', '24 bytes wait: more than 16');
  onWire.reject(new Error('lane 1 failed'));
  await turn();
  assert.match(String(outcome), /lane 1 failed/, "the waiting add throws without waiting for lane 0's held call");
  held.resolve();
  await assert.rejects(lanes.drain(), /lane 1 failed/);
});

test('calls queued behind a failing call in its lane never start', async () => {
  const lanes = new CallLanes(2);
  const failing = pending();
  const started: string[] = [];
  await lanes.add(0, () => failing.promise);
  await lanes.add(0, async () => void started.push('b'));
  await lanes.add(0, async () => void started.push('c'));
  failing.reject(new Error('refused for good'));
  await assert.rejects(lanes.drain(), /refused for good/);
  assert.deepEqual(started, []);
});
