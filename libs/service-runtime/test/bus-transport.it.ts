import 'reflect-metadata';
import { afterAll, beforeAll, test } from '@jest/globals';
import assert from 'node:assert/strict';
import { Controller, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { type Event, Topics, type TopicDefinition } from '@demand/contracts';
import type { ConsumedRecord } from '@demand/bus';
import { startLocalBroker, type LocalBroker } from '@demand/kafka-broker';
import { createLogger } from '@demand/telemetry';
import {
  busTransportProvider,
  ConsumeBatches,
  connectTransports,
  EVENT_BUS,
  eventBusProvider,
  ServiceRuntimeModule,
} from '../src/index.js';
import type { EventBus } from '@demand/bus';
import { eventually, viewEvent } from '@demand/testkit';

const topic: TopicDefinition<Event> = {
  ...Topics.eventsRaw,
  name: 'it.transport.v1',
  dlq: 'it.transport.v1.dlq',
  partitions: 1,
};
const logger = createLogger({ service: 'test', level: 'silent' });

/** What the test's consumer does with the next batch; set by each test. */
const behaviour: { handle: (batch: ConsumedRecord<Event>[]) => Promise<unknown> } = { handle: async () => undefined };

@Controller()
class TestConsumer {
  @ConsumeBatches({
    groupId: 'transport-test',
    topic,
    fromBeginning: true,
    retry: { initialDelayMs: 50, maxDelayMs: 100, attemptsBeforeIsolation: 2 },
  })
  async handle(batch: ConsumedRecord<Event>[]) {
    return (await behaviour.handle(batch)) as undefined;
  }
}

let broker: LocalBroker;
let admin: Admin;
let app: INestApplication;
let bus: EventBus;

async function committed(): Promise<number> {
  const [offsets] = await admin.fetchOffsets({ groupId: 'transport-test', topics: [topic.name] });
  return (offsets?.partitions ?? []).reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
}

async function dlqCount(): Promise<number> {
  return (await admin.fetchTopicOffsets(topic.dlq)).reduce((sum, p) => sum + Number(p.high), 0);
}

beforeAll(async () => {
  broker = await startLocalBroker({
    brokers: 1,
    topics: [
      { name: topic.name, partitions: 1 },
      { name: topic.dlq, partitions: 1 },
    ],
  });
  const kafka = new Kafka({ clientId: 'it', brokers: broker.bootstrapServers, logLevel: logLevel.NOTHING });
  admin = kafka.admin();
  await admin.connect();
  const moduleRef = await Test.createTestingModule({
    imports: [ServiceRuntimeModule.forRoot({ service: 'test', logger, collectProcessMetrics: false })],
    controllers: [TestConsumer],
    providers: [
      eventBusProvider({
        clientId: 'transport-test',
        env: { TENANT_ID: 'default', KAFKA_BROKERS: broker.bootstrapServers, KAFKA_SSL: false },
        consumer: { sessionTimeout: 6000, heartbeatInterval: 1000 },
      }),
      busTransportProvider(),
    ],
  }).compile();
  app = moduleRef.createNestApplication({ logger: false });
  connectTransports(app);
  behaviour.handle = async () => undefined;
  await app.init();
  bus = app.get(EVENT_BUS);
}, 60_000);

afterAll(async () => {
  await app?.close();
  await admin?.disconnect();
  await broker?.stop();
});

test('a decorated handler gets the whole batch, committed only once it resolves', async () => {
  let release: () => void = () => undefined;
  const seen: string[][] = [];
  behaviour.handle = async (batch) => {
    seen.push(batch.map((r) => r.value.eventId));
    await new Promise<void>((resolve) => (release = resolve));
  };
  const before = await committed();
  await bus.publish(topic, [viewEvent('a1'), viewEvent('a2'), viewEvent('a3')]);
  await eventually('the batch delivered', () => (seen.length > 0 ? true : undefined));
  await new Promise((resolve) => setTimeout(resolve, 500));
  assert.equal(await committed(), before, 'nothing committed while the handler runs');
  release();
  await eventually('committed after the handler resolved', async () =>
    (await committed()) === before + 3 ? true : undefined,
  );
  assert.deepEqual(seen, [['a1', 'a2', 'a3']]);
});

test('a transient error reaches the bus intact: retried, never committed, never dead-lettered', async () => {
  let calls = 0;
  let failing = true;
  behaviour.handle = async () => {
    calls += 1;
    if (failing) throw Object.assign(new Error('store unavailable'), { transient: true });
  };
  const before = await committed();
  await bus.publish(topic, [viewEvent('t1'), viewEvent('t2')]);
  await eventually('several attempts', () => (calls >= 4 ? true : undefined));
  assert.equal(await committed(), before, 'not committed while failing');
  assert.equal(await dlqCount(), 0, 'transient failures are not dead-lettered (attemptsBeforeIsolation is 2)');
  assert.equal(bus.isHealthy(), false);
  failing = false;
  await eventually('committed once it succeeds', async () => ((await committed()) === before + 2 ? true : undefined));
});

test('records the handler rejects and records that keep failing go to the DLQ', async () => {
  behaviour.handle = async (batch) => {
    if (batch.some((r) => r.value.eventId === 'bad')) {
      if (batch.length > 1) throw new Error('one record is poison');
      throw new Error('poison');
    }
    return { rejected: batch.filter((r) => r.value.eventId === 'refused').map((record) => ({ record, reason: 'no' })) };
  };
  const before = await committed();
  await bus.publish(topic, [viewEvent('ok'), viewEvent('bad'), viewEvent('refused')]);
  await eventually('committed', async () => ((await committed()) === before + 3 ? true : undefined));
  assert.equal(await dlqCount(), 2);
});
