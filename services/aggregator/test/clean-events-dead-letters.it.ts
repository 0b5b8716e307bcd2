import 'reflect-metadata';
import { afterAll, beforeAll, test } from '@jest/globals';
import assert from 'node:assert/strict';
import { Registry } from 'prom-client';
import { type CleanEvent, Event, Headers, Topics } from '@demand/contracts';
import { type ConsumedRecord, KafkaEventBus, KafkaLagProbe } from '@demand/bus';
import { ForgottenUsers } from '@demand/forgotten-users';
import { startLocalBroker, type LocalBroker } from '@demand/kafka-broker';
import { eventually, recordingLogger } from '@demand/testkit';
import { createLogger } from '@demand/telemetry';
import { INGESTED_CLEAN_EVENTS } from '../src/consumers/clean-event-rows.codec.js';
import { CLEAN_EVENTS_CONSUMER, CleanEventsConsumer } from '../src/consumers/clean-events.consumer.js';
import { Aggregator } from '../src/domain/aggregator.js';
import type { EventRow, ItemRow } from '../src/domain/event-rows.js';
import type { EventStore } from '../src/ports/event-store.port.js';

// The aggregator's consumer as the service subscribes it, on the local broker, with a store that refuses one catalog
// item (its insert is awaited in the handler, so the handler fails) and a dead-letter topic whose writes the broker
// refuses a few times (as while the topic's leader moves).
const names = { name: 'events.clean.dead-letters', dlq: 'events.clean.dead-letters.dlq' };
const cleanTopic = { ...Topics.eventsClean, ...names };
const ingestedTopic = { ...INGESTED_CLEAN_EVENTS, ...names };
const deadLetterTopic = { ...Topics.eventsClean, name: names.dlq, dlq: `${names.dlq}.dlq` };
/**
 * Refused dead-letter writes: the bus retries after about 0.2, 0.4, 0.8, 1.6, 3.2 and 6.4 s (each up to 20% less), so
 * the letter is written at least 9.9 s after the second refusal: time for the checks made while it cannot be.
 */
const REFUSED_WRITES = 6;
const DLQ_WRITE_FAILED = 'cannot write to the dead-letter topic; will retry';
const REFUSAL = 'value out of range for column price';
const POISON_ITEM = 'i-poison';

const logged = recordingLogger();
const logger = createLogger({ service: 'aggregator', level: 'error', destination: logged });
const failedDeadLetterWrites = () => logged.count(DLQ_WRITE_FAILED);

let broker: LocalBroker;
let bus: KafkaEventBus;
let probe: KafkaLagProbe;

beforeAll(async () => {
  broker = await startLocalBroker({
    brokers: 1,
    topics: [
      { name: names.name, partitions: cleanTopic.partitions },
      { name: names.dlq, partitions: 1 },
    ],
  });
  const connection = { clientId: 'aggregator-dead-letters-it', brokers: broker.bootstrapServers, logger };
  bus = new KafkaEventBus({
    ...connection,
    metricsRegistry: new Registry(),
    topicProvisioner: broker,
    consumer: { sessionTimeout: 6000, heartbeatInterval: 1000, partitionsConsumedConcurrently: 8 },
    // One produce request per dead-letter write, so each refusal the broker is told to make fails one write.
    producer: { retries: 0 },
  });
  probe = new KafkaLagProbe(connection);
});

afterAll(async () => {
  await bus?.close();
  await probe?.close();
  await broker?.stop();
});

/**
 * Refuses (not transiently) any items insert holding the poison item, as the engine refuses a value out of range:
 * `upsertItems` rejects, and `Aggregator.ingestRows` awaits it. Events are stored by id, as the real store keeps one
 * copy of an event appended again (an attempt that failed on its items appended its events before).
 */
class RefusingStore implements EventStore {
  readonly events = new Map<string, EventRow>();

  append(events: readonly EventRow[]): { durable: Promise<void> } {
    for (const row of events) this.events.set(row.event_id, row);
    return { durable: Promise.resolve() };
  }

  async upsertItems(items: readonly ItemRow[]): Promise<void> {
    if (items.some((row) => row.item_id === POISON_ITEM)) throw new Error(REFUSAL);
  }
  async dailyCounts(): Promise<never[]> {
    return [];
  }
  async itemExists(): Promise<boolean> {
    return false;
  }
  flush(): void {}
  async close(): Promise<void> {}
}

const cleanView = (eventId: string, userId: string): CleanEvent => ({
  event: Event.fromPartial({
    eventId,
    userId,
    occurredAt: new Date('2026-12-01T10:00:00Z'),
    receivedAt: new Date('2026-12-01T10:00:01Z'),
    payload: { $case: 'view', view: { itemId: 'i-00001', surface: 'detail', dwellMs: 1000 } },
  }),
  flags: [],
  schemaVersion: 1,
});

/** The poison: a catalog item the store refuses. */
const poisonItem = (): CleanEvent => ({
  event: Event.fromPartial({
    eventId: 'poison',
    occurredAt: new Date('2026-12-01T10:00:00Z'),
    receivedAt: new Date('2026-12-01T10:00:01Z'),
    payload: { $case: 'itemUpsert', itemUpsert: { itemId: POISON_ITEM, title: 'Pot', price: 80, currency: 'CNY' } },
  }),
  flags: [],
  schemaVersion: 1,
});

/** Records written to the dead-letter topic: the lag of a group that never read it. */
const deadLetterCount = () => probe.lag('nobody', names.dlq);

async function readDeadLetters(count: number): Promise<ConsumedRecord<CleanEvent>[]> {
  const letters: ConsumedRecord<CleanEvent>[] = [];
  const reader = await bus.subscribe({
    groupId: 'dead-letters-reader',
    topic: deadLetterTopic,
    fromBeginning: true,
    handle: async (batch) => void letters.push(...batch),
  });
  await eventually('the dead letters read', () => (letters.length >= count ? true : undefined));
  await reader.stop();
  return letters;
}

test("a poison event's dead letter is written before its batched record is committed; the rest flow on", async () => {
  const groupId = 'aggregator-dead-letters';
  // Views of 63 users and an item, so the 8 partitions get a batched record each; the store refuses the item.
  const events = Array.from({ length: 64 }, (_, u) => (u === 21 ? poisonItem() : cleanView(`ok-${u}`, `u${u}`)));
  await bus.publish(cleanTopic, events, { batched: true });
  const records = await probe.lag(groupId, names.name);
  await broker.refuseProduces(REFUSED_WRITES);

  const store = new RefusingStore();
  const consumer = new CleanEventsConsumer(new Aggregator(store), logger, new ForgottenUsers());
  const subscription = await bus.subscribe({
    ...CLEAN_EVENTS_CONSUMER,
    groupId,
    topic: ingestedTopic,
    handle: (batch) => consumer.cleanEvents(batch),
  });

  // While the dead letter cannot be written: every other record is committed, the poison's is not.
  await eventually('two refused dead-letter writes', () => (failedDeadLetterWrites() >= 2 ? true : undefined));
  const lag = await eventually('the records without the poison event committed', async () => {
    const uncommitted = await probe.lag(groupId, names.name);
    return uncommitted <= 1 ? uncommitted : undefined;
  });
  assert.equal(await deadLetterCount(), 0);
  assert.equal(lag, 1, `the poison's record (of ${records}) is not committed before its dead letter is written`);
  assert.equal(store.events.size, 63, "the rest of the batch was stored meanwhile, the poison's record one by one");

  // Once a write succeeds: the dead letter holds the poison event alone, with its reason; then all is committed.
  await eventually('everything committed', async () => {
    if ((await probe.lag(groupId, names.name)) > 0) return undefined;
    assert.equal(await deadLetterCount(), 1, 'a commit came only after the dead letter');
    return true;
  });
  await subscription.stop();
  assert.equal(failedDeadLetterWrites(), REFUSED_WRITES);
  const [letter] = await readDeadLetters(1);
  assert.equal(letter!.value.event?.eventId, 'poison', 'the poison event alone, not its whole record');
  assert.equal(letter!.headers[Headers.error], REFUSAL);
  assert.equal(letter!.headers[Headers.errorStage], 'handler');
  assert.equal(letter!.headers[Headers.attempts], '4', 'three attempts of the batch, one of the event alone');
  assert.equal(letter!.headers[Headers.originalOffset], '0');
  assert.ok(letter!.headers[Headers.originalIndex] !== undefined, 'it says where in its record it was');
  assert.deepEqual(
    [...store.events.keys()].sort(),
    events
      .map((e) => e.event!.eventId)
      .filter((id) => id !== 'poison')
      .sort(),
  );
  assert.equal(await deadLetterCount(), 1);
});
