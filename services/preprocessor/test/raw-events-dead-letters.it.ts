import 'reflect-metadata';
import { afterAll, beforeAll, test } from '@jest/globals';
import assert from 'node:assert/strict';
import { type Admin, type IHeaders, Kafka, type KafkaMessage, logLevel } from 'kafkajs';
import { Registry } from 'prom-client';
import { type CleanEvent, Event, Headers, Topics } from '@demand/contracts';
import { KafkaEventBus } from '@demand/bus';
import { startLocalBroker, type LocalBroker } from '@demand/kafka-broker';
import { eventually, recordingLogger } from '@demand/testkit';
import { createLogger } from '@demand/telemetry';
import { PreprocessMetrics } from '../src/consumers/preprocess.metrics.js';
import { RAW_EVENTS_CONSUMER, RawEventsConsumer } from '../src/consumers/raw-events.consumer.js';
import { Preprocessor } from '../src/domain/preprocessor.js';
import type { CatalogFeed } from '../src/ports/catalog-feed.port.js';
import type { PreprocessedSink } from '../src/ports/preprocessed-sink.port.js';
import { freshState, now, rules, view } from './support.js';

// The preprocessor's consumer as the service subscribes it, on the local broker, with a sink the test controls and
// a dead-letter topic whose writes the broker refuses a few times (as while the topic's leader moves).
const topic = { ...Topics.eventsRaw, name: 'events.raw.dead-letters', dlq: 'events.raw.dead-letters.dlq' };
/**
 * Refused dead-letter writes: the bus retries after about 0.2, 0.4, 0.8, 1.6, 3.2 and 6.4 s (each up to 20% less), so
 * the letter is written at least 9.9 s after the second refusal: time for the checks made while it cannot be.
 */
const REFUSED_WRITES = 6;
const DLQ_WRITE_FAILED = 'cannot write to the dead-letter topic; will retry';

const logged = recordingLogger();
const logger = createLogger({ service: 'preprocessor', level: 'error', destination: logged });
const failedDeadLetterWrites = () => logged.count(DLQ_WRITE_FAILED);

let broker: LocalBroker;
let admin: Admin;
let kafka: Kafka;
let bus: KafkaEventBus;

beforeAll(async () => {
  broker = await startLocalBroker({
    brokers: 1,
    topics: [
      { name: topic.name, partitions: topic.partitions },
      { name: topic.dlq, partitions: 1 },
    ],
  });
  kafka = new Kafka({ clientId: 'dead-letters-it', brokers: broker.bootstrapServers, logLevel: logLevel.NOTHING });
  admin = kafka.admin();
  await admin.connect();
  bus = new KafkaEventBus({
    clientId: 'dead-letters-it',
    brokers: broker.bootstrapServers,
    logger,
    metricsRegistry: new Registry(),
    topicProvisioner: broker,
    consumer: { sessionTimeout: 6000, heartbeatInterval: 1000, partitionsConsumedConcurrently: 8 },
    // One produce request per dead-letter write, so each refusal the broker is told to make fails one write.
    producer: { retries: 0 },
  });
});

afterAll(async () => {
  await bus?.close();
  await admin?.disconnect();
  await broker?.stop();
});

class RecordingSink implements PreprocessedSink {
  published: CleanEvent[] = [];

  async write(events: readonly CleanEvent[]): Promise<void> {
    this.published.push(...events);
  }
}

const noFeed: CatalogFeed = { publish: async () => {}, follow: async () => {} };

/** Per partition: the group's committed offset (-1: none) and the partition's end. */
async function offsets(groupId: string): Promise<{ committed: number[]; ends: number[] }> {
  const [committed] = await admin.fetchOffsets({ groupId, topics: [topic.name] });
  const ends = await admin.fetchTopicOffsets(topic.name);
  const byPartition = <P extends { partition: number }>(list: P[]) =>
    [...list].sort((a, b) => a.partition - b.partition);
  return {
    committed: byPartition(committed!.partitions).map((p) => Number(p.offset)),
    ends: byPartition(ends).map((p) => Number(p.high)),
  };
}

async function deadLetterCount(): Promise<number> {
  const [partition] = await admin.fetchTopicOffsets(topic.dlq);
  return Number(partition!.high);
}

async function readDeadLetters(count: number): Promise<KafkaMessage[]> {
  const consumer = kafka.consumer({ groupId: 'dead-letters-reader', maxWaitTimeInMs: 100 });
  const messages: KafkaMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: topic.dlq, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void messages.push(message) });
    await eventually('the dead letters read', () => (messages.length >= count ? true : undefined));
  } finally {
    await consumer.disconnect();
  }
  return messages;
}

const header = (headers: IHeaders | undefined, name: string) => headers?.[name]?.toString();

test("a poison event's dead letter is written before its batched record is committed; the rest flow on", async () => {
  const groupId = 'dead-letters';
  // Views of 64 users, so every one of the 8 partitions gets one batched record; one view happens tomorrow.
  const tomorrow = new Date(now.getTime() + 24 * 3_600_000);
  const events = Array.from({ length: 64 }, (_, u) => view(`ok-${u}`, 'i-00001', { userId: `u${u}` }));
  events[21] = view('poison', 'i-00001', { userId: 'u21', occurredAt: tomorrow });
  await bus.publish(topic, events, { batched: true });
  await broker.refuseProduces(REFUSED_WRITES);

  const sink = new RecordingSink();
  const consumer = new RawEventsConsumer(
    new Preprocessor(sink, noFeed, rules, freshState(), () => now),
    new PreprocessMetrics(new Registry()),
    logger,
    { maxValues: 10_000, lingerMs: 0 },
  );
  const subscription = await bus.subscribe({
    ...RAW_EVENTS_CONSUMER,
    groupId,
    topic,
    handle: (batch) => consumer.rawEvents(batch),
  });

  // While the dead letter cannot be written: every other record is committed, the poison's is not.
  await eventually('two refused dead-letter writes', () => (failedDeadLetterWrites() >= 2 ? true : undefined));
  const waiting = await eventually('the records without a poison event committed', async () => {
    const { committed, ends } = await offsets(groupId);
    const uncommitted = committed.flatMap((offset, p) => (offset === ends[p] ? [] : [p]));
    return uncommitted.length <= 1 ? { uncommitted, committed } : undefined;
  });
  const lettersThen = await deadLetterCount();
  assert.equal(lettersThen, 0, 'the dead-letter writes were still being refused');
  assert.equal(
    waiting.uncommitted.length,
    1,
    `the poison's record is not committed before its dead letter is written (committed: ${waiting.committed})`,
  );
  const [poisonPartition] = waiting.uncommitted as [number];
  assert.equal(waiting.committed[poisonPartition], -1);
  assert.equal(sink.published.length, 63, 'the rest of the batch was published meanwhile');

  // Once a write succeeds: the dead letter holds the poison event alone, with its reason; then all is committed.
  await eventually('everything committed', async () => {
    const { committed, ends } = await offsets(groupId);
    if (!committed.every((offset, p) => offset === ends[p])) return undefined;
    assert.equal(await deadLetterCount(), 1, 'a commit came only after the dead letter');
    return true;
  });
  await subscription.stop();
  assert.equal(failedDeadLetterWrites(), REFUSED_WRITES);
  const [letter] = await readDeadLetters(1);
  assert.equal(Event.decode(letter!.value!).eventId, 'poison', 'the poison event alone, not its whole record');
  assert.match(header(letter!.headers, Headers.error) ?? '', /occurred_at: is in the future/);
  assert.equal(header(letter!.headers, Headers.errorStage), 'handler-rejected');
  assert.equal(header(letter!.headers, Headers.originalPartition), String(poisonPartition));
  assert.equal(header(letter!.headers, Headers.originalOffset), '0');
  assert.equal(header(letter!.headers, Headers.contentType), topic.contentType, 'in the single form');
  assert.ok(header(letter!.headers, Headers.originalIndex) !== undefined, 'it says where in its record it was');
  assert.deepEqual(
    sink.published.map((clean) => clean.event!.eventId).sort(),
    events
      .map((e) => e.eventId)
      .filter((id) => id !== 'poison')
      .sort(),
  );
  assert.equal(await deadLetterCount(), 1);
});
