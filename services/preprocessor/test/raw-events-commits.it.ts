import 'reflect-metadata';
import { afterAll, beforeAll, test } from '@jest/globals';
import assert from 'node:assert/strict';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { Registry } from 'prom-client';
import { type CleanEvent, type Event, Topics } from '@demand/contracts';
import { BusError, KafkaEventBus, type Subscription } from '@demand/bus';
import { startLocalBroker, type LocalBroker } from '@demand/kafka-broker';
import { eventually } from '@demand/testkit';
import { createLogger } from '@demand/telemetry';
import { PreprocessMetrics } from '../src/consumers/preprocess.metrics.js';
import { RAW_EVENTS_CONSUMER, RawEventsConsumer } from '../src/consumers/raw-events.consumer.js';
import { Preprocessor } from '../src/domain/preprocessor.js';
import type { CatalogFeed } from '../src/ports/catalog-feed.port.js';
import type { PreprocessedSink } from '../src/ports/preprocessed-sink.port.js';
import { freshState, now, rules, view } from './support.js';

// The preprocessor's consumer as it is subscribed in the service, on the local broker, with a sink the test controls.
const topics = ['grouped', 'failing', 'stopping'].map((name) => ({
  ...Topics.eventsRaw,
  name: `events.raw.commits-${name}`,
  dlq: `events.raw.commits-${name}.dlq`,
}));
const [groupedTopic, failingTopic, stoppingTopic] = topics as [
  typeof Topics.eventsRaw,
  typeof Topics.eventsRaw,
  typeof Topics.eventsRaw,
];
const logger = createLogger({ service: 'preprocessor', level: 'error', destination: process.stderr as never });

let broker: LocalBroker;
let admin: Admin;
let bus: KafkaEventBus;
const registry = new Registry();

beforeAll(async () => {
  broker = await startLocalBroker({
    brokers: 1,
    topics: topics.flatMap((t) => [
      { name: t.name, partitions: t.partitions },
      { name: t.dlq, partitions: 1 },
    ]),
  });
  admin = new Kafka({ clientId: 'commits-it', brokers: broker.bootstrapServers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  bus = new KafkaEventBus({
    clientId: 'commits-it',
    brokers: broker.bootstrapServers,
    logger,
    metricsRegistry: registry,
    topicProvisioner: broker,
    // As the service runs it: every partition of events.raw.v1 side by side.
    consumer: { sessionTimeout: 6000, heartbeatInterval: 1000, partitionsConsumedConcurrently: 8 },
  });
});

afterAll(async () => {
  await bus?.close();
  await admin?.disconnect();
  await broker?.stop();
});

/** A sink whose writes wait while the gate is closed and fail transiently while `failing` is set. */
class GatedSink implements PreprocessedSink {
  published: CleanEvent[] = [];
  /** Events of the writes that have started, published or not. */
  attempted = 0;
  failing = false;
  failures = 0;
  private gate: PromiseWithResolvers<void> | undefined;

  close(): void {
    this.gate ??= Promise.withResolvers();
  }

  open(): void {
    this.gate?.resolve();
    this.gate = undefined;
  }

  async write(events: readonly CleanEvent[]): Promise<void> {
    this.attempted += events.length;
    await this.gate?.promise;
    if (this.failing) {
      this.failures += 1;
      throw new BusError('the broker is unavailable', { transient: true });
    }
    this.published.push(...events);
  }
}

const noFeed: CatalogFeed = { publish: async () => {}, follow: async () => {} };

function subscribe(groupId: string, topic: typeof Topics.eventsRaw, sink: PreprocessedSink): Promise<Subscription> {
  const consumer = new RawEventsConsumer(
    new Preprocessor(sink, noFeed, rules, freshState(), () => now),
    new PreprocessMetrics(new Registry()),
    logger,
    { maxValues: 10_000, lingerMs: 0 },
  );
  return bus.subscribe({ ...RAW_EVENTS_CONSUMER, groupId, topic, handle: (batch) => consumer.rawEvents(batch) });
}

/** Views of 64 users, so every one of the 8 partitions gets one batched record. */
function publishViews(topic: typeof Topics.eventsRaw, prefix: string): Promise<Event[]> {
  const events = Array.from({ length: 64 }, (_, u) => view(`${prefix}-${u}`, 'i-00001', { userId: `${prefix}-u${u}` }));
  return bus.publish(topic, events, { batched: true }).then(() => events);
}

/** Per partition: the group's committed offset (-1: none) and the partition's end. */
async function offsets(groupId: string, topic: string): Promise<{ committed: number[]; ends: number[] }> {
  const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
  const ends = await admin.fetchTopicOffsets(topic);
  const byPartition = <P extends { partition: number }>(list: P[]) =>
    [...list].sort((a, b) => a.partition - b.partition);
  return {
    committed: byPartition(committed!.partitions).map((p) => Number(p.offset)),
    ends: byPartition(ends).map((p) => Number(p.high)),
  };
}

async function counter(name: string, groupId: string): Promise<number> {
  const metric = await registry.getSingleMetric(name)?.get();
  return metric?.values.find((v) => v.labels.group === groupId && v.labels.topic !== undefined)?.value ?? 0;
}

const allCommitted = (groupId: string, topic: string) => async () => {
  const { committed, ends } = await offsets(groupId, topic);
  return committed.every((offset, p) => offset === ends[p]) ? true : undefined;
};

test("one fetch's partition batches cost one commit request", async () => {
  const sink = new GatedSink();
  const events = await publishViews(groupedTopic, 'grouped');
  const subscription = await subscribe('commits-grouped', groupedTopic, sink);
  await eventually('every event published and committed', async () =>
    sink.published.length === events.length ? allCommitted('commits-grouped', groupedTopic.name)() : undefined,
  );
  const batches = (await registry.getSingleMetric('bus_batch_duration_seconds')!.get()).values.find(
    (v) =>
      (v as { metricName?: string }).metricName === 'bus_batch_duration_seconds_count' &&
      v.labels.group === 'commits-grouped',
  )?.value;
  assert.equal(batches, 8, 'the 8 partitions came as 8 batches');
  assert.equal(await counter('bus_offset_commits_total', 'commits-grouped'), 1);
  await subscription.stop();
});

test('a batch whose publish fails is not committed; it is read again by the next member', async () => {
  const sink = new GatedSink();
  sink.failing = true;
  const events = await publishViews(failingTopic, 'failing');
  const subscription = await subscribe('commits-failing', failingTopic, sink);
  await eventually('a failed publish', () => (sink.failures > 0 ? true : undefined));
  // The bus retries a transient failure after 200 ms, then 400: a commit would have gone out meanwhile.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  await subscription.stop();
  const { committed } = await offsets('commits-failing', failingTopic.name);
  assert.deepEqual(
    committed,
    committed.map(() => -1),
    'nothing committed',
  );
  assert.ok(sink.failures >= 2, `the batches were retried (${sink.failures} failed publishes)`);

  sink.failing = false;
  const again = await subscribe('commits-failing', failingTopic, sink);
  await eventually('every event published and committed', async () =>
    sink.published.length === events.length ? allCommitted('commits-failing', failingTopic.name)() : undefined,
  );
  await again.stop();
});

test('stop commits the batches handled while it waited', async () => {
  const sink = new GatedSink();
  sink.close();
  const events = await publishViews(stoppingTopic, 'stopping');
  const subscription = await subscribe('commits-stopping', stoppingTopic, sink);
  await eventually('every event in a publish', () => (sink.attempted === events.length ? true : undefined));
  const before = await offsets('commits-stopping', stoppingTopic.name);
  assert.ok(
    before.committed.every((offset) => offset === -1),
    'nothing committed while the publish waits',
  );
  const stopped = subscription.stop();
  sink.open();
  await stopped;
  assert.equal(sink.published.length, events.length);
  const { committed, ends } = await offsets('commits-stopping', stoppingTopic.name);
  assert.deepEqual(committed, ends, 'every handled batch committed on stop');
});
