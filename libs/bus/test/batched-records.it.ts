import { afterAll, beforeAll, test } from '@jest/globals';
import assert from 'node:assert/strict';
import { Event, Headers } from '@demand/contracts';
import type { ConsumedRecord } from '../src/index.js';
import { header, recordCount, startKafkaFixture, type KafkaFixture } from './kafka-fixture.js';
import { eventually, testTopic, viewEvent } from './support.js';

const topic = testTopic('it.batched.v1', 4);
let fixture: KafkaFixture;

beforeAll(async () => {
  fixture = await startKafkaFixture([topic], 1);
});

afterAll(async () => fixture.close());

test('batched and single records flow to one consumer as events; a rejected one is dead-lettered alone', async () => {
  const bus = fixture.newBus();
  const received: ConsumedRecord<Event>[] = [];
  await bus.subscribe({
    groupId: 'batched',
    topic,
    fromBeginning: true,
    deferredCommit: {},
    handle: async (batch) => {
      received.push(...batch);
      const poison = batch.filter((r) => r.value.eventId === 'poison');
      return { rejected: poison.map((record) => ({ record, reason: 'poisoned' })), durable: Promise.resolve() };
    },
  });
  const users = Array.from({ length: 12 }, (_, i) => `user-${i}`);
  const events = Array.from({ length: 300 }, (_, i) => viewEvent(i === 150 ? 'poison' : `e${i}`, users[i % 12]));
  await bus.publish(topic, events.slice(0, 200), { batched: true });
  const producer = await fixture.rawProducer();
  const single = viewEvent('single', users[0]);
  await producer.send({
    topic: topic.name,
    messages: [{ key: users[0], value: Buffer.from(Event.encode(single).finish()) }],
  });
  await bus.publish(topic, events.slice(200), { batched: true });

  assert.ok(
    (await recordCount(fixture.admin, topic.name)) <= 2 * topic.partitions + 1,
    'one record per partition and call',
  );
  await eventually('every event', () => (received.length >= 301 ? true : undefined));
  const sent = [...events.slice(0, 200), single, ...events.slice(200)];
  for (const user of users) {
    const order = (list: Event[]) => list.filter((e) => e.userId === user).map((e) => e.eventId);
    assert.deepEqual(order(received.map((r) => r.value)), order(sent), `${user}'s events in order`);
  }
  const collector = await fixture.collect([topic.dlq]);
  const [letter] = await collector.waitFor(topic.dlq, 1);
  assert.equal(Event.decode(letter!.value!).eventId, 'poison');
  assert.equal(header(letter!.headers, Headers.contentType), topic.contentType);
  assert.equal(header(letter!.headers, Headers.error), 'poisoned');
  await eventually('offsets committed', async () =>
    (await fixture.committedOffset('batched', topic.name)) === (await recordCount(fixture.admin, topic.name))
      ? true
      : undefined,
  );
  assert.equal(collector.records.length, 1, 'only the poison event was dead-lettered');
});
