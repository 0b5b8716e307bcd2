import { afterAll, beforeAll, test } from '@jest/globals';
import assert from 'node:assert/strict';
import { SpanKind, trace } from '@opentelemetry/api';
import { initTelemetry, inSpan, createLogger, type Telemetry, type TelemetryOptions } from '@demand/telemetry';
import type { Event } from '@demand/contracts';
import { BusError, KafkaAdminTopicProvisioner, type BusLogger, type ConsumedRecord } from '../src/index.js';
import { startKafkaFixture, recordCount, type KafkaFixture } from './kafka-fixture.js';
import { eventually, testTopic, viewEvent } from './support.js';

type SpanProcessor = NonNullable<TelemetryOptions['spanProcessors']>[number];
type EndedSpan = Parameters<SpanProcessor['onEnd']>[0];

const roundTrip = testTopic('it.roundtrip.v1');
const traced = testTopic('it.traced.v1', 1);
let fixture: KafkaFixture;
let telemetry: Telemetry;
const endedSpans: EndedSpan[] = [];

beforeAll(async () => {
  const collectSpans: SpanProcessor = {
    onStart: () => undefined,
    onEnd: (span) => void endedSpans.push(span),
    forceFlush: async () => undefined,
    shutdown: async () => undefined,
  };
  telemetry = initTelemetry({ serviceName: 'bus-test', spanProcessors: [collectSpans] });
  fixture = await startKafkaFixture([roundTrip, traced]);
});

afterAll(async () => {
  await fixture.close();
  await telemetry.shutdown();
});

test('records round-trip with their keys, values, partitions and headers', async () => {
  const bus = fixture.newBus();
  const received: ConsumedRecord<Event>[] = [];
  await bus.subscribe({
    groupId: 'roundtrip',
    topic: roundTrip,
    fromBeginning: true,
    handle: async (batch) => void received.push(...batch),
  });
  const events = ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => viewEvent(id, `user-${id}`));
  const sameUserAgain = viewEvent('g', 'user-a');
  await bus.publish(roundTrip, [...events, sameUserAgain], { headers: { origin: 'it' } });

  await eventually('7 records', () => (received.length >= 7 ? true : undefined));
  const byId = new Map(received.map((r) => [r.value.eventId, r]));
  assert.deepEqual([...byId.keys()].sort(), ['a', 'b', 'c', 'd', 'e', 'f', 'g']);
  const a = byId.get('a')!;
  assert.equal(a.key, 'user-a');
  assert.equal(a.value.payload?.$case, 'view');
  assert.equal(a.headers.origin, 'it');
  assert.equal(a.headers['content-type'], undefined, "the value type is the topic's, not repeated per record");
  assert.ok(Math.abs(a.timestamp - Date.now()) < 60_000, 'timestamp in milliseconds');
  assert.equal(byId.get('g')!.partition, a.partition, 'one key, one partition');
  assert.ok(new Set(received.map((r) => r.partition)).size > 1, 'keys spread over partitions');

  const metrics = await bus.registry.metrics();
  assert.match(metrics, /bus_records_published_total\{topic="it.roundtrip.v1"\} 7/);
  assert.match(metrics, /bus_records_consumed_total\{topic="it.roundtrip.v1",group="roundtrip"\} 7/);
  assert.match(metrics, /bus_batch_duration_seconds_count\{topic="it.roundtrip.v1",group="roundtrip"\} [1-9]/);
  await eventually('offsets committed', async () =>
    (await fixture.committedOffset('roundtrip', roundTrip.name)) === 7 ? true : undefined,
  );
  assert.equal(bus.isHealthy(), true);
  await bus.close();
  assert.equal(bus.isHealthy(), false, 'a closed bus is not healthy');
  await assert.rejects(
    bus.publish(roundTrip, [viewEvent('late')]),
    (e: BusError) => e.transient === false && /closed/.test(e.message),
  );
});

test('the trace context travels from the publisher to the handler', async () => {
  const bus = fixture.newBus();
  const handlerTraceIds: (string | undefined)[] = [];
  await bus.subscribe({
    groupId: 'traced',
    topic: traced,
    fromBeginning: true,
    handle: async () => void handlerTraceIds.push(trace.getActiveSpan()?.spanContext().traceId),
  });
  const publisherTraceId = await inSpan('checkout', {}, async () => {
    await bus.publish(traced, [viewEvent('t1')]);
    return trace.getActiveSpan()!.spanContext().traceId;
  });
  await eventually('the handler ran', () => (handlerTraceIds.length > 0 ? true : undefined));
  assert.deepEqual(handlerTraceIds, [publisherTraceId]);
  const send = endedSpans.find((s) => s.name === `send ${traced.name}`);
  const process = await eventually('the consumer span', () =>
    endedSpans.find((s) => s.name === `process ${traced.name}`),
  );
  assert.equal(send?.kind, SpanKind.PRODUCER);
  assert.equal(process.kind, SpanKind.CONSUMER);
  assert.equal(process.spanContext().traceId, publisherTraceId);
  assert.equal(
    process.parentSpanContext?.spanId,
    send?.spanContext().spanId,
    'the consumer span is a child of the producer span',
  );
  assert.equal(process.attributes['messaging.consumer.group.name'], 'traced');
});

test('topics are provisioned through the port; the admin provisioner throws rather than pretend', async () => {
  const bus = fixture.newBus();
  await bus.ensureTopics([{ name: 'it.provisioned.v1', partitions: 5 }]);
  const metadata = await fixture.admin.fetchTopicMetadata({ topics: ['it.provisioned.v1'] });
  assert.equal(metadata.topics[0]?.partitions.length, 5);
  assert.equal(await recordCount(fixture.admin, 'it.provisioned.v1'), 0);

  const admin = new KafkaAdminTopicProvisioner(fixture.kafka);
  await admin.createTopics([{ name: 'it.provisioned.v1', partitions: 5 }]); // exists: nothing to create
  await assert.rejects(
    admin.createTopics([{ name: 'it.not.creatable.here.v1', partitions: 1 }]),
    (e: Error) => e instanceof BusError && /cannot create topics/.test(e.message),
  );
});

test('a pino logger is a bus logger', () => {
  const logger: BusLogger = createLogger({ service: 'bus-test', level: 'silent' });
  assert.equal(typeof logger.warn, 'function');
});
