import { afterEach, jest, test } from '@jest/globals';
import assert from 'node:assert/strict';
import { Event, Topics } from '@demand/contracts';
import { BusRawEventSink, rawPartitionOf } from '../src/adapters/bus-raw-event-sink.adapter.js';
import { LingeringRawEventSink, SinkClosedError } from '../src/domain/lingering-sink.js';
import { CapturingBus } from './fakes.js';

const at = new Date('2026-11-23T12:00:00Z');
const view = (eventId: string, userId = 'u-1') =>
  Event.fromPartial({ eventId, userId, occurredAt: at, receivedAt: at, payload: { $case: 'view', view: {} } });

/** A user whose events go to another partition than u-1's. */
const otherUser = ['u-2', 'u-3', 'u-4', 'u-5', 'u-6', 'u-7'].find(
  (user) => rawPartitionOf(view('x', user)) !== rawPartitionOf(view('x', 'u-1')),
)!;

afterEach(() => {
  jest.useRealTimers();
});

function calls(...spec: (readonly [string, string])[][]): Event[][] {
  return spec.map((call) => call.map(([id, user]) => view(id, user)));
}

function lingering(lingerMs: number, maxEventsPerRecord = 1000) {
  const producer = new CapturingBus();
  const sink = new LingeringRawEventSink(new BusRawEventSink(producer.asBus()), {
    lingerMs,
    maxEventsPerRecord,
    partitionOf: rawPartitionOf,
    partitions: Topics.eventsRaw.partitions,
  });
  return { producer, sink };
}

test("two concurrent calls' events for one partition go into one record, in arrival order", async () => {
  const { producer, sink } = lingering(20);
  const [a, b] = calls(
    [
      ['a1', 'u-1'],
      ['a2', 'u-1'],
    ],
    [
      ['b1', 'u-1'],
      ['b2', 'u-1'],
    ],
  );
  await Promise.all([sink.write(a!), sink.write(b!)]);
  assert.equal(producer.publishes.length, 1);
  assert.deepEqual([...producer.records(0).values()], [['a1', 'a2', 'b1', 'b2']]);
});

test('the partitions counted for the cap are handed to the bus with the events, in the same order', async () => {
  const { producer, sink } = lingering(20);
  const [a, b] = calls(
    [
      ['a1', 'u-1'],
      ['a2', otherUser],
    ],
    [['b1', 'u-1']],
  );
  await Promise.all([sink.write(a!), sink.write(b!)]);
  assert.equal(producer.publishes.length, 1);
  assertPartitionsHanded(producer);
});

/** Every publish carried its events' partitions, in order: the bus throws for a record keyed off its partition. */
function assertPartitionsHanded(producer: CapturingBus): void {
  for (const [i, publish] of producer.publishes.entries()) {
    assert.deepEqual(publish.options.partitions, publish.messages.map(rawPartitionOf), `publish ${i}`);
  }
}

test('a call taking a partition past the cap goes to the next record; reaching the cap writes at once', async () => {
  jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] });
  const { producer, sink } = lingering(60_000, 3);
  const [a, b] = calls(
    [
      ['a1', 'u-1'],
      ['a2', 'u-1'],
    ],
    [
      ['b1', 'u-1'],
      ['b2', 'u-1'],
      ['b3', 'u-1'],
    ],
  );
  // No timer is advanced: b starts a new write, full at once, and a's was written before it.
  const answered = Promise.all([sink.write(a!), sink.write(b!)]);
  assert.equal(jest.getTimerCount(), 0);
  await answered;
  assert.deepEqual(
    producer.publishes.map((p) => p.ids),
    [
      ['a1', 'a2'],
      ['b1', 'b2', 'b3'],
    ],
  );
  assertPartitionsHanded(producer);
  await sink.flush();
  assert.equal(jest.getTimerCount(), 0);
});

test('one call with more events for a partition than the cap goes out whole, as one write', async () => {
  jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] });
  const { producer, sink } = lingering(60_000, 3);
  const [big] = calls([1, 2, 3, 4, 5].map((i) => [`p${i}`, 'u-1'] as const));
  await sink.write(big!);
  assert.deepEqual(
    producer.publishes.map((p) => p.ids),
    [['p1', 'p2', 'p3', 'p4', 'p5']],
  );
  assert.equal(jest.getTimerCount(), 0);
});

test("a call passing the cap in p while only q's events wait joins the current write (one write)", async () => {
  jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] });
  const { producer, sink } = lingering(60_000, 3);
  const [waiting, big] = calls(
    [['q1', otherUser]],
    [1, 2, 3, 4].map((i) => [`p${i}`, 'u-1'] as const),
  );
  await Promise.all([sink.write(waiting!), sink.write(big!)]);
  assert.deepEqual(
    producer.publishes.map((p) => p.ids),
    [['q1', 'p1', 'p2', 'p3', 'p4']],
  );
  assert.equal(producer.records(0).size, 2);
  assertPartitionsHanded(producer);
});

test("a call after the window's timer fired goes into a new write", async () => {
  jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] });
  const { producer, sink } = lingering(20);
  const [a, b] = calls([['a1', 'u-1']], [['b1', 'u-1']]);
  const first = sink.write(a!);
  jest.advanceTimersByTime(20);
  const second = sink.write(b!);
  jest.advanceTimersByTime(20);
  await Promise.all([first, second]);
  assert.deepEqual(
    producer.publishes.map((p) => p.ids),
    [['a1'], ['b1']],
  );
});

test('flush() while a write is in flight resolves only once that write has settled', async () => {
  const { producer, sink } = lingering(60_000, 1);
  const [a] = calls([['a1', 'u-1']]);
  const answered = sink.write(a!);
  await sink.flush();
  assert.equal(producer.publishes.length, 1);
  await answered;
});

test('close() writes what waits, then refuses later calls with a transient error and starts no timer', async () => {
  jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] });
  const { producer, sink } = lingering(60_000);
  const [a, b] = calls([['a1', 'u-1']], [['b1', 'u-1']]);
  const answered = sink.write(a!);
  await sink.close();
  await answered;
  await assert.rejects(sink.write(b!), (e: unknown) => e instanceof SinkClosedError && e.transient);
  assert.equal(jest.getTimerCount(), 0);
  assert.deepEqual(
    producer.publishes.map((p) => p.ids),
    [['a1']],
  );
});

test('a failed write fails every call in it, and nothing is answered OK', async () => {
  const { producer, sink } = lingering(20);
  const [a, b] = calls([['a1', 'u-1']], [['b1', 'u-2']]);
  producer.failNext = true;
  const outcomes = await Promise.allSettled([sink.write(a!), sink.write(b!)]);
  assert.deepEqual(
    outcomes.map((o) => o.status),
    ['rejected', 'rejected'],
  );
  assert.equal(producer.publishes.length, 0);
  await sink.write(a!);
  assert.deepEqual(producer.publishes[0]!.ids, ['a1']);
});

test('flush (at stop) writes what waits without waiting for the window, and answers its calls', async () => {
  const { producer, sink } = lingering(60_000);
  const [a, b] = calls([['a1', 'u-1']], [['b1', 'u-3']]);
  const answered = Promise.all([sink.write(a!), sink.write(b!)]);
  assert.equal(producer.publishes.length, 0);
  await sink.flush();
  assert.deepEqual(producer.publishes[0]!.ids, ['a1', 'b1']);
  await answered;
});

test("calls with received bytes and calls without share a write: each event's own bytes, or encoded", async () => {
  const { producer, sink } = lingering(20);
  const [a, b] = calls([['a1', 'u-1']], [['b1', 'u-1']]);
  const bytes = Event.encode(a![0]!).finish();
  await Promise.all([sink.write(a!, [bytes]), sink.write(b!)]);
  const { options } = producer.publishes[0]!;
  const parts = [a![0]!, b![0]!].map((event, index) => options.encodedParts?.(event, index));
  assert.equal(parts[0]![0], bytes);
  assert.equal(parts[1], undefined);
});
