import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { Registry } from 'prom-client';
import { Event, EventBatch, Headers } from '@demand/contracts';
import { BatchProcessor, type BatchRuntime } from '../src/batch-processor.js';
import { createBusMetrics } from '../src/bus.metrics.js';
import type { ConsumedRecord, ConsumerSpec } from '../src/bus.port.js';
import { murmur2 } from '../src/key-partitioner.js';
import { batchedRecords, MAX_RECORD_BYTES, MAX_VALUES_PER_RECORD, partitionOfKey } from '../src/record-forms.js';
import type { DeadLetter, RawRecord } from '../src/records.js';
import { recordingLogger, testTopic, viewEvent } from './support.js';

const topic = testTopic('unit.batched.v1', 4);
const batchType = topic.batched!.contentType;

function batchedRaw(offset: number, ids: string[]): RawRecord {
  const value = Buffer.from(EventBatch.encode({ events: ids.map((id) => viewEvent(id)) }).finish());
  return {
    key: Buffer.from('k'),
    value,
    headers: { [Headers.contentType]: batchType, h: 'v' },
    offset: String(offset),
    timestamp: '1',
  };
}

function singleRaw(offset: number, id: string): RawRecord {
  return {
    key: Buffer.from('k'),
    value: Buffer.from(Event.encode(viewEvent(id)).finish()),
    offset: String(offset),
    timestamp: '1',
  };
}

function run(handle: ConsumerSpec<Event>['handle']) {
  const letters: DeadLetter[] = [];
  const runtime: BatchRuntime = {
    isActive: () => true,
    sleep: async () => undefined,
    keepAlive: (work) => work(),
    deadLetter: async (batch) => void letters.push(...batch),
  };
  const p = new BatchProcessor<Event>(
    { groupId: 'g', topic, handle },
    {
      logger: recordingLogger(),
      metrics: createBusMetrics(new Registry()),
      policy: { initialDelayMs: 1, maxDelayMs: 1, attemptsBeforeIsolation: 2 },
    },
  );
  return { p, runtime, letters };
}

test('a batched record reaches the handler as its values in order, beside single-value records', async () => {
  const seen: ConsumedRecord<Event>[] = [];
  const { p, runtime, letters } = run(async (batch) => void seen.push(...batch));
  const result = await p.process(1, [singleRaw(7, 'a'), batchedRaw(8, ['b', 'c', 'd']), singleRaw(9, 'e')], runtime);
  assert.equal(result, 'handled');
  assert.deepEqual(
    seen.map((r) => [r.value.eventId, r.offset, r.indexInRecord, r.headers.h]),
    [
      ['a', '7', undefined, undefined],
      ['b', '8', 0, 'v'],
      ['c', '8', 1, 'v'],
      ['d', '8', 2, 'v'],
      ['e', '9', undefined, undefined],
    ],
  );
  assert.deepEqual(letters, []);
});

test('a value the handler rejects leaves its batch alone, as a single Event with its reason', async () => {
  const handled: string[] = [];
  const { p, runtime, letters } = run(async (batch) => {
    const bad = batch.filter((r) => r.value.eventId === 'poison');
    handled.push(...batch.filter((r) => !bad.includes(r)).map((r) => r.value.eventId));
    return { rejected: bad.map((record) => ({ record, reason: 'view.item_id: is required' })) };
  });
  assert.equal(await p.process(0, [batchedRaw(3, ['x', 'poison', 'y'])], runtime), 'handled');
  assert.deepEqual(handled, ['x', 'y']);
  assert.equal(letters.length, 1);
  const letter = letters[0]!;
  assert.equal(Event.decode(letter.value!).eventId, 'poison', 'the letter holds the one event, not the batch');
  assert.equal(letter.headers[Headers.contentType], topic.contentType);
  assert.equal(letter.headers[Headers.originalIndex], '1');
  assert.equal(letter.headers[Headers.originalOffset], '3');
  assert.equal(letter.headers[Headers.error], 'view.item_id: is required');
  assert.equal(letter.key?.toString(), 'u-poison');
});

test('a value that keeps failing the handler is isolated and dead-lettered alone; the rest flows on', async () => {
  const handled: string[] = [];
  const { p, runtime, letters } = run(async (batch) => {
    if (batch.some((r) => r.value.eventId === 'poison')) throw new Error('cannot handle poison');
    handled.push(...batch.map((r) => r.value.eventId));
  });
  assert.equal(await p.process(0, [batchedRaw(5, ['x', 'poison', 'y'])], runtime), 'handled');
  assert.deepEqual(handled, ['x', 'y']);
  assert.deepEqual(
    letters.map((l) => [Event.decode(l.value!).eventId, l.stage, l.headers[Headers.originalIndex]]),
    [['poison', 'handler', '1']],
  );
});

test('a batched record that cannot be decoded goes to the DLQ whole, bytes and content type untouched', async () => {
  const { p, runtime, letters } = run(async () => undefined);
  const broken: RawRecord = { ...batchedRaw(2, ['a']), value: Buffer.from([0x0a, 0x05, 0x01]) };
  assert.equal(await p.process(0, [broken], runtime), 'handled');
  assert.equal(letters.length, 1);
  assert.deepEqual(letters[0]!.value, broken.value);
  assert.equal(letters[0]!.headers[Headers.contentType], batchType);
  assert.equal(letters[0]!.stage, 'decode');
});

test('publishing batched writes one record per partition, keyed into it, values in call order', () => {
  const users = Array.from({ length: 40 }, (_, i) => `user-${i}`);
  const events = Array.from({ length: 400 }, (_, i) => viewEvent(`e${i}`, users[(i * 7) % users.length]));
  const records = batchedRecords(topic, topic.batched!, events, { traceparent: 't' });
  const partitionOf = (key: string) => (murmur2(key) & 0x7fffffff) % topic.partitions;
  assert.equal(records.length, topic.partitions, 'forty users spread over every partition');
  const unpacked: Event[] = [];
  for (const record of records) {
    assert.equal(record.headers?.[Headers.contentType], batchType);
    assert.equal(record.headers?.traceparent, 't');
    const values = EventBatch.decode(record.value as Buffer).events;
    for (const value of values) assert.equal(partitionOf(value.userId), partitionOf(String(record.key)));
    unpacked.push(...values);
  }
  assert.equal(unpacked.length, events.length);
  for (const user of users) {
    const order = (list: Event[]) => list.filter((e) => e.userId === user).map((e) => e.eventId);
    assert.deepEqual(order(unpacked), order(events), `${user}'s events keep their order`);
  }
});

test('partitions given with the messages are used as they are: the same records, one key hashed a record', () => {
  const users = Array.from({ length: 40 }, (_, i) => `user-${i}`);
  const events = Array.from({ length: 400 }, (_, i) => viewEvent(`e${i}`, users[(i * 7) % users.length]));
  const known = events.map((e) => partitionOfKey(topic.keyOf(e), topic.partitions));
  let keyed = 0;
  const counting = { ...topic, keyOf: (e: Event) => (keyed++, topic.keyOf(e)) };
  const given = batchedRecords(counting, topic.batched!, events, {}, undefined, known);
  assert.deepEqual(given, batchedRecords(topic, topic.batched!, events, {}));
  assert.equal(keyed, given.length, 'only each record key is read (and hashed, to check it), not every event key');
});

test('partitions given with the messages refuse a length other than theirs', () => {
  const events = ['a', 'b', 'c'].map((id) => viewEvent(id, `user-${id}`));
  const known = events.map((e) => partitionOfKey(topic.keyOf(e), topic.partitions));
  for (const partitions of [known.slice(1), [...known, 0]]) {
    assert.throws(() => batchedRecords(topic, topic.batched!, events, {}, undefined, partitions), /partitions given/);
  }
});

test("a partition given that is not the record key's throws, rather than routing other users' events astray", () => {
  const [a, b] = twoUsersOnTwoPartitions();
  const events = [viewEvent('ea', a.user), viewEvent('eb', b.user)];
  // Both told to be on b's partition: the record would be keyed by a and land on a's, b's events with it.
  assert.throws(
    () => batchedRecords(topic, topic.batched!, events, {}, undefined, [b.partition, b.partition]),
    new RegExp(`given partition ${b.partition} is keyed by '${a.user}'`),
  );
  const long = 'x'.repeat(4000);
  const halved = Array.from({ length: 300 }, (_, i) =>
    Event.fromPartial({ ...viewEvent(`e${i}`, i < 150 ? b.user : a.user), source: long }),
  );
  // The first half's key is b's, on b's partition; a record of the halves past it is keyed by a.
  const wrong = halved.map(() => b.partition);
  assert.throws(() => batchedRecords(topic, topic.batched!, halved, {}, undefined, wrong), /hashes to partition/);
});

/** Two users whose keys hash to different partitions of the test topic. */
function twoUsersOnTwoPartitions(): { user: string; partition: number }[] {
  const onPartition = (user: string) => ({ user, partition: partitionOfKey(user, topic.partitions) });
  const first = onPartition('user-0');
  for (let i = 1; ; i++) {
    const other = onPartition(`user-${i}`);
    if (other.partition !== first.partition) return [first, other];
  }
}

test('a partition with more values than one record takes is split over records, in order', () => {
  const events = Array.from({ length: MAX_VALUES_PER_RECORD + 5 }, (_, i) => viewEvent(`e${i}`, 'one-user'));
  const records = batchedRecords(topic, topic.batched!, events, {});
  assert.deepEqual(
    records.map((r) => EventBatch.decode(r.value as Buffer).events.length),
    [MAX_VALUES_PER_RECORD, 5],
  );
  assert.equal(EventBatch.decode(records[1]!.value as Buffer).events[0]!.eventId, `e${MAX_VALUES_PER_RECORD}`);
});

test('a partition whose values encode over the record size limit is halved until each record fits', () => {
  const long = 'x'.repeat(4000);
  const events = Array.from({ length: 300 }, (_, i) =>
    Event.fromPartial({ ...viewEvent(`e${i}`, 'one-user'), source: long }),
  );
  const records = batchedRecords(topic, topic.batched!, events, {});
  assert.ok(records.length > 1);
  for (const record of records) assert.ok((record.value as Buffer).length <= MAX_RECORD_BYTES);
  assert.deepEqual(
    records.flatMap((r) => EventBatch.decode(r.value as Buffer).events.map((e) => e.eventId)),
    events.map((e) => e.eventId),
  );
});
