import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import type { EventBus, PublishOptions } from '@demand/bus';
import { Event, Topics, type TopicDefinition } from '@demand/contracts';
import { BusRawEventSink, rawPartitionOf } from '../src/adapters/bus-raw-event-sink.adapter.js';
import { LingeringRawEventSink } from '../src/domain/lingering-sink.js';

const at = new Date('2026-11-23T12:00:00Z');
const view = (eventId: string, userId = 'u-1') =>
  Event.fromPartial({ eventId, userId, occurredAt: at, receivedAt: at, payload: { $case: 'view', view: {} } });

/** The producer as the sink sees it: each publish is one batched write (one record per partition); fails on demand. */
class FakeProducer {
  readonly publishes: { ids: string[]; options: PublishOptions<Event> }[] = [];
  failNext = false;

  async publish<T>(_topic: TopicDefinition<T>, messages: readonly T[], options: PublishOptions<T> = {}) {
    await new Promise((resolve) => setImmediate(resolve));
    if (this.failNext) {
      this.failNext = false;
      throw new Error('broker unavailable');
    }
    this.publishes.push({
      ids: (messages as readonly Event[]).map((e) => e.eventId),
      options: options as PublishOptions<Event>,
    });
  }

  /** The records of publish `i`: per partition, the ids in record order. */
  records(i: number): Map<number, string[]> {
    const records = new Map<number, string[]>();
    for (const id of this.publishes[i]!.ids) {
      const partition = rawPartitionOf(view(id, userOf.get(id)));
      records.set(partition, [...(records.get(partition) ?? []), id]);
    }
    return records;
  }
}

const userOf = new Map<string, string>();
function calls(...spec: [string, string][][]): Event[][] {
  return spec.map((call) =>
    call.map(([id, user]) => {
      userOf.set(id, user);
      return view(id, user);
    }),
  );
}

function lingering(lingerMs: number, maxEventsPerRecord = 1000) {
  const producer = new FakeProducer();
  const sink = new LingeringRawEventSink(new BusRawEventSink(producer as unknown as EventBus), {
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

test('a call taking a partition past the cap goes to the next record; reaching the cap writes at once', async () => {
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
  // The window (a minute) is never waited for: b starts a new write, full at once, and a's was written before it.
  await Promise.all([sink.write(a!), sink.write(b!)]);
  assert.deepEqual(
    producer.publishes.map((p) => p.ids),
    [
      ['a1', 'a2'],
      ['b1', 'b2', 'b3'],
    ],
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

test('linger 0 writes each call as it comes: one record per call and partition', async () => {
  const { producer, sink } = lingering(0);
  const [a, b] = calls([['a1', 'u-1']], [['b1', 'u-1']]);
  await Promise.all([sink.write(a!), sink.write(b!)]);
  assert.deepEqual(
    producer.publishes.map((p) => p.ids),
    [['a1'], ['b1']],
  );
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
