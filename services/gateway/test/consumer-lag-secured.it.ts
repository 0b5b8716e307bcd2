import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, test } from '@jest/globals';
import { Kafka, logLevel, type SASLOptions } from 'kafkajs';
import { createTestCertificates, type LocalBroker, startLocalBroker } from '@demand/kafka-broker';
import { createLogger } from '@demand/telemetry';
import { KafkaConsumerLag } from '../src/adapters/kafka-consumer-lag.adapter.js';
import { loadGatewayConfig } from '../src/index.js';

// The gateway's own lag reader through a SASL_SSL front, configured as the gateway is: from its environment.
const TOPIC = 'lag.secured.v1';
const logger = createLogger({ service: 'gateway', level: 'warn', destination: process.stderr as never });
let broker: LocalBroker;
let dir: string;
let lags: KafkaConsumerLag;

beforeAll(async () => {
  const pki = await createTestCertificates();
  broker = await startLocalBroker({
    brokers: 1,
    topics: [{ name: TOPIC, partitions: 2 }],
    secureFront: { tls: { cert: pki.cert, key: pki.key }, sasl: { username: 'gateway', password: 'lag-secret' } },
  });
  dir = await mkdtemp(join(tmpdir(), 'gateway-kafka-ca-'));
  await writeFile(join(dir, 'ca.pem'), pki.ca);
  await writeFile(join(dir, 'password'), 'lag-secret\n');
  const config = loadGatewayConfig({
    KAFKA_BROKERS: broker.bootstrapServers.join(','),
    KAFKA_SSL: 'true',
    KAFKA_SSL_CA_FILE: join(dir, 'ca.pem'),
    KAFKA_SASL_MECHANISM: 'scram-sha-512',
    KAFKA_SASL_USERNAME: 'gateway',
    KAFKA_SASL_PASSWORD_FILE: join(dir, 'password'),
  });
  lags = new KafkaConsumerLag(config.kafka, logger);
  const kafka = new Kafka({
    brokers: [...config.kafka.brokers],
    ssl: { ca: [pki.ca] },
    sasl: config.kafka.sasl as SASLOptions,
    logLevel: logLevel.NOTHING,
  });
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic: TOPIC, messages: [0, 0, 0, 1].map((partition) => ({ partition, value: 'v' })) });
  await producer.disconnect();
}, 60_000);

afterAll(async () => {
  await lags?.close();
  await broker?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('over SASL_SSL with the CA from KAFKA_SSL_CA_FILE, the lag reader reads every record as lag of a new group', async () => {
  const lag = await lags.lag([{ topic: TOPIC, group: 'never-committed' }]);
  assert.deepEqual([...lag], [[`${TOPIC}|never-committed`, 4]]);
  assert.deepEqual(broker.frontRefusals, []);
}, 30_000);
