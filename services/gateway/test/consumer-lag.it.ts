import assert from 'node:assert/strict';
import { afterAll, beforeAll, test } from '@jest/globals';
import { Kafka, logLevel } from 'kafkajs';
import { type LocalBroker, startLocalBroker } from '@demand/kafka-broker';
import { createLogger } from '@demand/telemetry';
import { KafkaConsumerLag } from '../src/adapters/kafka-consumer-lag.adapter.js';

const logger = createLogger({ service: 'gateway', level: 'warn', destination: process.stderr as never });
let broker: LocalBroker;
let lags: KafkaConsumerLag;

beforeAll(async () => {
  broker = await startLocalBroker({ brokers: 1, topics: [{ name: 'lag.test.v1', partitions: 2 }] });
  lags = new KafkaConsumerLag({ brokers: broker.bootstrapServers, ssl: false }, logger);
}, 60_000);

afterAll(async () => {
  await lags?.close();
  await broker?.stop();
});

test('lag from the broker: high watermarks minus the committed offsets; every record for a group that never committed', async () => {
  const kafka = new Kafka({ clientId: 'lag-it', brokers: broker.bootstrapServers, logLevel: logLevel.NOTHING });
  const producer = kafka.producer();
  await producer.connect();
  const send = (perPartition: number[]) =>
    producer.send({
      topic: 'lag.test.v1',
      messages: perPartition.flatMap((n, partition) =>
        Array.from({ length: n }, (_, i) => ({ partition, value: `${i}` })),
      ),
    });
  await send([5, 3]);
  // The group reads all 8 and commits them, then 2 + 1 more arrive.
  const consumer = kafka.consumer({ groupId: 'caught-up' });
  await consumer.connect();
  await consumer.subscribe({ topic: 'lag.test.v1', fromBeginning: true });
  let seen = 0;
  const all = new Promise<void>((resolve) => {
    void consumer.run({
      eachMessage: async () => {
        seen += 1;
        if (seen === 8) resolve();
      },
    });
  });
  await all;
  await consumer.disconnect();
  await send([2, 1]);
  await producer.disconnect();
  const lag = await lags.lag([
    { topic: 'lag.test.v1', group: 'caught-up' },
    { topic: 'lag.test.v1', group: 'never' },
  ]);
  assert.deepEqual([...lag].sort(), [
    ['lag.test.v1|caught-up', 3],
    ['lag.test.v1|never', 11],
  ]);
}, 60_000);

test('a broker going down is logged once, and its coming back once', async () => {
  const lines: { level: string; message?: string }[] = [];
  const at = (level: string) => (_fields: Record<string, unknown>, message?: string) => lines.push({ level, message });
  const recording = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  const watched = new KafkaConsumerLag({ brokers: broker.bootstrapServers, ssl: false }, recording);
  const stages = [{ topic: 'lag.test.v1', group: 'never' }];
  try {
    await watched.lag(stages);
    await broker.command('down 1');
    for (let poll = 0; poll < 3; poll++) await assert.rejects(watched.lag(stages), /cannot read the lag/);
    await broker.command('up 1');
    await watched.lag(stages);
    await watched.lag(stages);
  } finally {
    await watched.close();
  }
  assert.deepEqual(
    lines.filter((line) => line.level !== 'debug').map((line) => `${line.level}: ${line.message?.split(':')[0]}`),
    ['error: consumer lag unreadable until the broker answers', 'info: consumer lag readable again'],
  );
}, 60_000);
