import { afterAll, beforeAll, test } from '@jest/globals';
import assert from 'node:assert/strict';
import { Event } from '@demand/contracts';
import type { ConsumedRecord } from '../src/index.js';
import { header, startKafkaFixture, recordCount, type KafkaFixture, type RawCollector } from './kafka-fixture.js';
import { eventually, testTopic, viewEvent } from './support.js';

const undecodable = testTopic('it.undecodable.v1', 1);
const rejecting = testTopic('it.rejecting.v1', 1);
const poisoned = testTopic('it.poisoned.v1', 1);
const fastRetry = { initialDelayMs: 20, maxDelayMs: 50, attemptsBeforeIsolation: 2 };
let fixture: KafkaFixture;
let deadLetters: RawCollector;

beforeAll(async () => {
  fixture = await startKafkaFixture([undecodable, rejecting, poisoned]);
  deadLetters = await fixture.collect([undecodable.dlq, rejecting.dlq, poisoned.dlq]);
});

afterAll(() => fixture.close());

test('an undecodable record goes to the DLQ with its bytes, headers and the reason; the others flow', async () => {
  const producer = await fixture.rawProducer();
  const valid = (id: string) => Buffer.from(Event.encode(viewEvent(id)).finish());
  await producer.send({
    topic: undecodable.name,
    acks: -1,
    messages: [
      { key: 'k1', value: valid('ok-1') },
      {
        key: 'k2',
        value: Buffer.from([0x0f, 0x01]),
        headers: { 'event-id': 'broken', custom: Buffer.from([1, 2, 3]) },
      },
      { key: 'k3', value: valid('ok-2') },
    ],
  });
  const bus = fixture.newBus();
  const handled: string[] = [];
  await bus.subscribe({
    groupId: 'undecodable',
    topic: undecodable,
    fromBeginning: true,
    handle: async (batch) => void handled.push(...batch.map((r) => r.value.eventId)),
  });

  const [letter] = await deadLetters.waitFor(undecodable.dlq, 1);
  assert.ok(letter);
  assert.equal(letter.key, 'k2');
  assert.deepEqual(letter.value, Buffer.from([0x0f, 0x01]));
  assert.equal(header(letter.headers, 'event-id'), 'broken', "the producer's own headers are kept");
  assert.equal(header(letter.headers, 'content-type'), undecodable.contentType);
  assert.deepEqual(letter.headers.custom, Buffer.from([1, 2, 3]));
  assert.match(header(letter.headers, 'x-error') ?? '', /cannot decode value/);
  assert.equal(header(letter.headers, 'x-error-stage'), 'decode');
  assert.equal(header(letter.headers, 'x-original-topic'), undecodable.name);
  assert.equal(header(letter.headers, 'x-original-partition'), '0');
  assert.equal(header(letter.headers, 'x-original-offset'), '1');
  await eventually('valid records handled', () => (handled.length === 2 ? true : undefined));
  assert.deepEqual(handled, ['ok-1', 'ok-2']);
  await eventually('all three committed', async () =>
    (await fixture.committedOffset('undecodable', undecodable.name)) === 3 ? true : undefined,
  );
  assert.match(
    await bus.registry.metrics(),
    /bus_records_dead_lettered_total\{topic="it.undecodable.v1",stage="decode"\} 1/,
  );
});

test('records the handler rejects go to the DLQ with its reason', async () => {
  const bus = fixture.newBus();
  await bus.publish(rejecting, [viewEvent('keep-1'), viewEvent('refuse'), viewEvent('keep-2')]);
  await bus.subscribe({
    groupId: 'rejecting',
    topic: rejecting,
    fromBeginning: true,
    handle: async (batch) => ({
      rejected: batch
        .filter((r) => r.value.eventId === 'refuse')
        .map((record) => ({ record, reason: 'item is not sold here' })),
    }),
  });
  const [letter] = await deadLetters.waitFor(rejecting.dlq, 1);
  assert.equal(header(letter!.headers, 'x-error'), 'item is not sold here');
  assert.equal(header(letter!.headers, 'content-type'), rejecting.contentType, 'a dead letter says what its value is');
  assert.equal(header(letter!.headers, 'x-error-stage'), 'handler-rejected');
  assert.equal(Event.decode(letter!.value!).eventId, 'refuse', 'the value is the original protobuf');
  await eventually('committed', async () =>
    (await fixture.committedOffset('rejecting', rejecting.name)) === 3 ? true : undefined,
  );
  assert.equal(await recordCount(fixture.admin, rejecting.dlq), 1);
});

test('a poison record is isolated after the retries: only it is dead-lettered, the rest are handled', async () => {
  const bus = fixture.newBus();
  const ids = ['p1', 'p2', 'poison', 'p3', 'p4'];
  await bus.publish(
    poisoned,
    ids.map((id) => viewEvent(id)),
  );
  const batchSizes: number[] = [];
  const handled: ConsumedRecord<Event>[] = [];
  await bus.subscribe({
    groupId: 'poisoned',
    topic: poisoned,
    fromBeginning: true,
    retry: fastRetry,
    handle: async (batch) => {
      batchSizes.push(batch.length);
      if (batch.some((r) => r.value.eventId === 'poison')) throw new Error('price is negative');
      handled.push(...batch);
    },
  });
  const [letter] = await deadLetters.waitFor(poisoned.dlq, 1);
  assert.equal(Event.decode(letter!.value!).eventId, 'poison');
  assert.equal(header(letter!.headers, 'x-error'), 'price is negative');
  assert.equal(header(letter!.headers, 'x-error-stage'), 'handler');
  assert.equal(header(letter!.headers, 'x-attempts'), '3');
  assert.equal(header(letter!.headers, 'x-original-offset'), '2');
  await eventually('committed', async () =>
    (await fixture.committedOffset('poisoned', poisoned.name)) === 5 ? true : undefined,
  );
  assert.deepEqual(
    handled.map((r) => r.value.eventId),
    ['p1', 'p2', 'p3', 'p4'],
  );
  assert.deepEqual(batchSizes, [5, 5, 1, 1, 1, 1, 1], 'two whole-batch attempts, then one record at a time');
  assert.equal(await recordCount(fixture.admin, poisoned.dlq), 1);
  const metrics = await bus.registry.metrics();
  assert.match(metrics, /bus_handler_failures_total\{topic="it.poisoned.v1",group="poisoned",kind="permanent"\} 3/);
  assert.match(metrics, /bus_records_dead_lettered_total\{topic="it.poisoned.v1",stage="handler"\} 1/);
  assert.equal(bus.isHealthy(), true, 'permanent failures do not make the bus unhealthy');
});
