import { afterAll, beforeAll, test } from '@jest/globals';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel, type SASLOptions } from 'kafkajs';
import { Registry } from 'prom-client';
import { type Event, Topics, type TopicDefinition } from '@demand/contracts';
import { type BusError, KafkaEventBus, KafkaLagProbe } from '@demand/bus';
import { ConfigError, parseConfig } from '@demand/config';
import { createTestCertificates, type LocalBroker, startLocalBroker } from '@demand/kafka-broker';
import { createLogger } from '@demand/telemetry';
import { kafkaConnection } from '../src/index.js';
import { viewEvent } from '@demand/testkit';
import { kafkaEnvSchema } from './support.js';

// The front's throwaway CA is never added to this process's default store: only KAFKA_SSL_CA_FILE trusts it.
const USER = 'platform';
const PASSWORD = 'ca-file-test-password';
const topic: TopicDefinition<Event> = { ...Topics.eventsRaw, name: 'ca-file.events.v1', dlq: 'ca-file.events.v1.dlq' };
const logger = createLogger({ service: 'ca-file-test', level: 'silent' });

let broker: LocalBroker;
let dir: string;
let frontCa: string;
let otherCa: string;

beforeAll(async () => {
  const [pki, other] = await Promise.all([createTestCertificates(), createTestCertificates()]);
  broker = await startLocalBroker({
    brokers: 1,
    topics: [{ name: topic.name, partitions: 1 }],
    secureFront: { tls: { cert: pki.cert, key: pki.key }, sasl: { username: USER, password: PASSWORD } },
  });
  dir = await mkdtemp(join(tmpdir(), 'kafka-ca-'));
  frontCa = join(dir, 'front-ca.pem');
  otherCa = join(dir, 'other-ca.pem');
  await writeFile(frontCa, pki.ca);
  await writeFile(otherCa, other.ca);
}, 60_000);

afterAll(async () => {
  await broker?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function connection(caFile: string | undefined) {
  const env = parseConfig(kafkaEnvSchema, {
    KAFKA_BROKERS: broker.bootstrapServers.join(','),
    KAFKA_SSL: 'true',
    ...(caFile ? { KAFKA_SSL_CA_FILE: caFile } : {}),
    KAFKA_SASL_MECHANISM: 'scram-sha-256',
    KAFKA_SASL_USERNAME: USER,
    KAFKA_SASL_PASSWORD: PASSWORD,
  });
  return { ...kafkaConnection(env, 'ca-file', logger), connectionTimeoutMs: 3000 };
}

async function publishOutcome(caFile: string | undefined): Promise<BusError | undefined> {
  const bus = new KafkaEventBus({ ...connection(caFile), metricsRegistry: new Registry(), topicProvisioner: broker });
  try {
    await bus.publish(topic, [viewEvent('ca')]);
    return undefined;
  } catch (error) {
    return error as BusError;
  } finally {
    await bus.close();
  }
}

test('KAFKA_SSL_CA_FILE: the bus trusts the private CA named there and publishes over SASL_SSL', async () => {
  assert.equal(await publishOutcome(frontCa), undefined);
  const probe = new KafkaLagProbe(connection(frontCa));
  try {
    assert.equal(await probe.lag('ca-file-group', topic.name), 1);
  } finally {
    await probe.close();
  }
}, 60_000);

test('a certificate from another CA is not trusted, and that failure is not transient', async () => {
  const failure = await publishOutcome(otherCa);
  assert.ok(failure, 'publishing must fail');
  assert.match(failure.message, /^cannot connect to Kafka at 127\.0\.0\.1:\d+/);
  assert.match(failure.message, /certificate/i);
  assert.equal(failure.transient, false, failure.message);
  assert.ok(broker.frontRefusals.some((reason) => reason.startsWith('TLS handshake failed')));
}, 60_000);

test('without KAFKA_SSL_CA_FILE the default store does not trust the front (what the file adds)', async () => {
  const { brokers, ssl, sasl } = connection(undefined);
  const admin = new Kafka({
    brokers: [...brokers],
    ssl,
    sasl: sasl as SASLOptions,
    retry: { retries: 0 },
    logLevel: logLevel.NOTHING,
  }).admin();
  const failure = await admin.connect().then(
    () => undefined,
    (error: unknown) => error as Error,
  );
  await admin.disconnect();
  assert.match(failure?.message ?? 'connected', /certificate/i);
});

test('KAFKA_SSL_CA_FILE is checked at start-up: a readable PEM file, with KAFKA_SSL on', async () => {
  const problems = (environment: Record<string, string>) => {
    try {
      parseConfig(kafkaEnvSchema, environment);
    } catch (error) {
      if (error instanceof ConfigError) return error.problems.join('\n');
    }
    return '';
  };
  const notPem = join(dir, 'not-a-certificate.txt');
  await writeFile(notPem, 'hello');
  assert.match(
    problems({ KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: join(dir, 'missing.pem') }),
    /KAFKA_SSL_CA_FILE.*ENOENT/,
  );
  assert.match(problems({ KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: notPem }), /KAFKA_SSL_CA_FILE.*no PEM certificate/);
  assert.match(problems({ KAFKA_SSL_CA_FILE: frontCa }), /KAFKA_SSL: must be true when KAFKA_SSL_CA_FILE is set/);
  assert.equal(problems({ KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: frontCa }), '');
  const parsed = parseConfig(kafkaEnvSchema, { KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: frontCa });
  assert.equal(parsed.KAFKA_SSL_CA_FILE, await readFile(frontCa, 'utf8'), 'the PEM text, read once');
});
