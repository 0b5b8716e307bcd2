import { afterAll, beforeAll, test } from '@jest/globals';
import assert from 'node:assert/strict';
import type { KafkaMessage } from 'kafkajs';
import { Event, Topics, type ItemStats } from '@demand/contracts';
import { unaryCall } from '../src/grpc-call.js';
import { startTestPlatform, type TestPlatform } from '../src/test-platform.js';

let p: TestPlatform;
beforeAll(async () => {
  p = await startTestPlatform();
});
afterAll(async () => p?.stop());

function view(i: number): Event {
  return Event.fromPartial({
    eventId: `direct-${i}`,
    userId: `u-${i % 7}`,
    occurredAt: new Date(Date.UTC(2026, 10, 1, 12)),
    payload: { $case: 'view', view: { itemId: 'i-direct' } },
  });
}

async function readDeadLetters(count: number, timeoutMs: number): Promise<KafkaMessage[]> {
  const consumer = p.kafka.consumer({ groupId: `dlq-reader-${Date.now()}`, maxWaitTimeInMs: 200 });
  const seen: KafkaMessage[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic: Topics.eventsRaw.dlq, fromBeginning: true });
  const done = new Promise<void>((resolve) => {
    void consumer.run({
      eachMessage: async ({ message }) => {
        seen.push(message);
        if (seen.length >= count) resolve();
      },
    });
  });
  await Promise.race([done, new Promise((r) => setTimeout(r, timeoutMs))]);
  await consumer.disconnect();
  return seen;
}

test('records producers write straight to the raw topic: poison goes to the DLQ, the rest flows on', async () => {
  const producer = p.kafka.producer();
  await producer.connect();
  const valid = Array.from({ length: 50 }, (_, i) => view(i));
  const invalid = Event.fromPartial({
    eventId: 'direct-bad',
    userId: 'u-1',
    occurredAt: new Date(),
    payload: { $case: 'review', review: { itemId: 'i-direct', rating: 9, text: 'x' } },
  });
  const poison = Buffer.from([0x0a, 0xff, 0x01]);
  const encode = (e: Event) => Buffer.from(Event.encode(e).finish());
  await producer.send({
    topic: Topics.eventsRaw.name,
    messages: [
      ...valid.slice(0, 25).map((e) => ({ key: e.userId, value: encode(e) })),
      { key: 'u-1', value: poison, headers: { source: 'fuzzer' } },
      { key: 'u-1', value: encode(invalid) },
      ...valid.slice(25).map((e) => ({ key: e.userId, value: encode(e) })),
    ],
  });
  await producer.disconnect();

  await p.drain();
  const stats = await unaryCall<ItemStats>((m, o, cb) =>
    p.features.getItemStats({ itemId: 'i-direct', fromDay: '', toDay: '' }, m, o, cb),
  );
  assert.equal(stats.totals?.views, 50);

  const dead = await readDeadLetters(2, 20_000);

  assert.equal(dead.length, 2);
  const header = (m: KafkaMessage, name: string) => m.headers?.[name]?.toString();
  const poisoned = dead.find((m) => m.value?.equals(poison));
  assert.ok(poisoned, 'the undecodable record is kept byte for byte');
  assert.equal(header(poisoned, 'x-original-topic'), 'events.raw.v1');
  assert.equal(header(poisoned, 'source'), 'fuzzer', 'original headers are kept');
  assert.match(header(poisoned, 'x-error') ?? '', /.+/);
  const rejected = dead.find((m) => header(m, 'x-error')?.includes('review.rating'));
  assert.ok(
    rejected,
    `the invalid review is dead-lettered with its reason: ${dead.map((m) => header(m, 'x-error')).join(' | ')}`,
  );
  assert.equal(Event.decode(rejected.value!).eventId, 'direct-bad');
});
