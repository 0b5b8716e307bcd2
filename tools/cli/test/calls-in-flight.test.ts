import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { CallsInFlight } from '../src/calls-in-flight.js';

function pending() {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((ok, fail) => ((resolve = ok), (reject = fail)));
  return { promise, resolve, reject };
}

const turn = () => new Promise((r) => setImmediate(r));

test('at most `limit` calls run at a time: add starts the next once one ends; drain waits for all', async () => {
  const calls = new CallsInFlight(2);
  const [a, b, c] = [pending(), pending(), pending()];
  let started = 0;
  const call = (p: { promise: Promise<void> }) => () => (started++, p.promise);
  await calls.add(call(a));
  await calls.add(call(b));
  const adding = calls.add(call(c));
  await turn();
  assert.equal(started, 2, 'the third waits while two run');
  a.resolve();
  await adding;
  assert.equal(started, 3);
  let drained = false;
  const draining = calls.drain().then(() => (drained = true));
  b.resolve();
  await turn();
  assert.equal(drained, false, 'one call is still running');
  c.resolve();
  await draining;
});

test('the first failure is thrown by the next add (which then starts nothing) and by drain', async () => {
  const calls = new CallsInFlight(4);
  const [a, b] = [pending(), pending()];
  await calls.add(() => a.promise);
  await calls.add(() => b.promise);
  a.reject(new Error('first'));
  b.reject(new Error('second'));
  await turn();
  let started = false;
  await assert.rejects(
    calls.add(async () => (started = true)),
    /first/,
  );
  assert.equal(started, false);
  await assert.rejects(calls.drain(), /first/);
  assert.throws(() => new CallsInFlight(0), RangeError);
});
