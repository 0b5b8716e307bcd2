import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import type { Message } from 'kafkajs';
import { SendGatherer, type TopicRecords } from '../src/send-gatherer.js';

const records = (...values: string[]): Message[] => values.map((value) => ({ key: 'k', value: Buffer.from(value) }));
const valuesOf = (batches: TopicRecords[]) =>
  batches.map((b) => `${b.topic}:${b.records.map((r) => String(r.value)).join(',')}`);

/** A send function whose calls wait until the test releases them. */
function controlledSend() {
  const calls: { batches: TopicRecords[]; release(error?: Error): void }[] = [];
  const send = (batches: TopicRecords[]) =>
    new Promise<void>((resolve, reject) =>
      calls.push({ batches, release: (error) => (error ? reject(error) : resolve()) }),
    );
  return { calls, send };
}

const limits = { maxRecords: 100, maxBytes: 1 << 20 };
const settled = (p: Promise<unknown>) =>
  p.then(
    () => 'resolved',
    (e: Error) => `rejected: ${e.message}`,
  );
const tick = () => new Promise((r) => setImmediate(r));

test('a lone publish leaves at once; what arrives meanwhile leaves together in the next send, per topic, in order', async () => {
  const { calls, send } = controlledSend();
  const gatherer = new SendGatherer(send, limits);
  const first = gatherer.send('a', records('1'));
  assert.equal(calls.length, 1, 'no waiting for company');
  const second = gatherer.send('a', records('2', '3'));
  const third = gatherer.send('b', records('x'));
  const fourth = gatherer.send('a', records('4'));
  assert.equal(calls.length, 1, 'one send in flight at a time');
  calls[0]!.release();
  assert.equal(await settled(first), 'resolved');
  await tick();
  assert.equal(calls.length, 2);
  assert.deepEqual(valuesOf(calls[1]!.batches), ['a:2,3,4', 'b:x']);
  calls[1]!.release();
  assert.deepEqual(await Promise.all([second, third, fourth].map(settled)), ['resolved', 'resolved', 'resolved']);
  await gatherer.drained();
});

test('a failed send fails every publish in it and none of the others', async () => {
  const { calls, send } = controlledSend();
  const gatherer = new SendGatherer(send, limits);
  const first = gatherer.send('a', records('1'));
  const second = gatherer.send('a', records('2'));
  const third = gatherer.send('b', records('3'));
  calls[0]!.release();
  await tick();
  calls[1]!.release(new Error('broker down'));
  assert.deepEqual(await Promise.all([first, second, third].map(settled)), [
    'resolved',
    'rejected: broker down',
    'rejected: broker down',
  ]);
  const later = gatherer.send('a', records('4'));
  await tick();
  calls[2]!.release();
  assert.equal(await settled(later), 'resolved', 'the gatherer keeps working after a failure');
});

test('gathered sends stay within the record and byte limits; a single larger publish still goes alone', async () => {
  const { calls, send } = controlledSend();
  const gatherer = new SendGatherer(send, { maxRecords: 3, maxBytes: 10 });
  void gatherer.send('a', records('0'));
  const waiting = [
    gatherer.send('a', records('1', '2')),
    gatherer.send('a', records('3', '4')),
    gatherer.send('a', records('5', '6', '7', '8')),
    gatherer.send('a', records('123456789')),
  ];
  for (let i = 0; calls.length < 5 && i < 20; i++) {
    calls[calls.length - 1]!.release();
    await tick();
  }
  assert.deepEqual(
    calls.map((c) => valuesOf(c.batches)[0]),
    ['a:0', 'a:1,2', 'a:3,4', 'a:5,6,7,8', 'a:123456789'],
  );
  calls[4]!.release();
  await Promise.all(waiting);
});

test('with a linger, a send waits from its first publish for others to join it; an older send does not wait', async () => {
  const { calls, send } = controlledSend();
  const gatherer = new SendGatherer(send, { ...limits, lingerMs: 30 });
  const first = gatherer.send('a', records('1'));
  await tick();
  assert.equal(calls.length, 0, 'the first publish waits for company');
  const second = gatherer.send('a', records('2'));
  await new Promise((resolve) => setTimeout(resolve, 60));
  assert.equal(calls.length, 1);
  assert.deepEqual(valuesOf(calls[0]!.batches), ['a:1,2'], 'both left in one send');
  const third = gatherer.send('a', records('3'));
  await new Promise((resolve) => setTimeout(resolve, 60));
  assert.equal(calls.length, 1, 'one send in flight at a time');
  calls[0]!.release();
  await tick();
  await tick();
  assert.equal(calls.length, 2, 'a send that waited behind the one in flight leaves at once');
  assert.deepEqual(valuesOf(calls[1]!.batches), ['a:3']);
  calls[1]!.release();
  assert.deepEqual(await Promise.all([first, second, third].map(settled)), ['resolved', 'resolved', 'resolved']);
});
