import { Kafka, logLevel, type Admin, type Consumer, type IHeaders, type Producer } from 'kafkajs';
import { Registry } from 'prom-client';
import type { TopicDefinition } from '@demand/contracts';
import { startLocalBroker, type LocalBroker } from '@demand/kafka-broker';
import { KafkaEventBus, type KafkaBusOptions } from '../src/index.js';
import { eventually, recordingLogger } from './support.js';

export interface RawRecordSeen {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer | null;
  headers: IHeaders;
}

/** One local broker per test file, a bus on it, and raw kafkajs clients to look behind the bus. */
export interface KafkaFixture {
  broker: LocalBroker;
  kafka: Kafka;
  admin: Admin;
  newBus(
    overrides?: Partial<KafkaBusOptions>,
  ): KafkaEventBus & { registry: Registry; logger: ReturnType<typeof recordingLogger> };
  rawProducer(): Promise<Producer>;
  /** Starts one raw consumer over `topics` (from the beginning) collecting every record. */
  collect(topics: string[]): Promise<RawCollector>;
  committedOffset(groupId: string, topic: string, partition?: number): Promise<number>;
  close(): Promise<void>;
}

export interface RawCollector {
  records: RawRecordSeen[];
  waitFor(topic: string, count: number, timeoutMs?: number): Promise<RawRecordSeen[]>;
}

export async function startKafkaFixture(
  topics: Pick<TopicDefinition<unknown>, 'name' | 'partitions' | 'dlq'>[],
  brokers = 3,
): Promise<KafkaFixture> {
  const broker = await startLocalBroker({
    brokers,
    topics: topics.flatMap((t) => [
      { name: t.name, partitions: t.partitions },
      { name: t.dlq, partitions: 1 },
    ]),
  });
  const kafka = new Kafka({ clientId: 'fixture', brokers: broker.bootstrapServers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const closers: (() => Promise<void>)[] = [];
  let busCount = 0;

  return {
    broker,
    kafka,
    admin,
    newBus(overrides = {}) {
      const registry = new Registry();
      const logger = recordingLogger();
      const bus = new KafkaEventBus({
        clientId: `bus-${++busCount}`,
        brokers: broker.bootstrapServers,
        logger,
        metricsRegistry: registry,
        topicProvisioner: broker,
        // The mock holds a group emptied by a leave in "joining" for the leaver's session
        // timeout minus 1 s before the next member gets in: keep it short in tests.
        consumer: { sessionTimeout: 6000, heartbeatInterval: 1000 },
        ...overrides,
      });
      closers.push(() => bus.close());
      return Object.assign(bus, { registry, logger });
    },
    async rawProducer() {
      const producer = kafka.producer({ allowAutoTopicCreation: false });
      await producer.connect();
      closers.push(() => producer.disconnect());
      return producer;
    },
    async collect(names) {
      const consumer: Consumer = kafka.consumer({ groupId: `collector-${Date.now()}`, maxWaitTimeInMs: 100 });
      const records: RawRecordSeen[] = [];
      await consumer.connect();
      closers.push(() => consumer.disconnect());
      await consumer.subscribe({ topics: names, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ topic, partition, message }) => {
          records.push({
            topic,
            partition,
            offset: message.offset,
            key: message.key?.toString() ?? null,
            value: message.value,
            headers: message.headers ?? {},
          });
        },
      });
      return {
        records,
        waitFor: (topic, count, timeoutMs) =>
          eventually(
            `${count} records on ${topic}`,
            () => {
              const found = records.filter((r) => r.topic === topic);
              return found.length >= count ? found : undefined;
            },
            timeoutMs,
          ),
      };
    },
    async committedOffset(groupId, topic, partition) {
      const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
      return (offsets?.partitions ?? [])
        .filter((p) => partition === undefined || p.partition === partition)
        .reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
    },
    async close() {
      for (const close of closers.reverse()) await close().catch(() => undefined);
      await admin.disconnect();
      await broker.stop();
    },
  };
}

/** Sum of the high watermarks of a topic's partitions: how many records it holds. */
export async function recordCount(admin: Admin, topic: string): Promise<number> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return offsets.reduce((sum, p) => sum + Number(p.high), 0);
}

export function header(headers: IHeaders, name: string): string | undefined {
  const value = headers[name];
  const last = Array.isArray(value) ? value[value.length - 1] : value;
  return last === undefined ? undefined : last.toString();
}
