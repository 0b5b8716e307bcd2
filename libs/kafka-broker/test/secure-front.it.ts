import { afterAll, beforeAll, test } from '@jest/globals';
import assert from 'node:assert/strict';
import { Kafka, logLevel, type KafkaConfig, type SASLOptions } from 'kafkajs';
import { startLocalBroker, startSecuredLocalBroker, type LocalBroker } from '../src/index.js';

const USER = 'front-user';
const PASSWORD = 'front-password-never-shown';
const TOPIC = 'secured.v1';

let secured: LocalBroker; // TLS and SASL (every mechanism), 3 brokers
let saslOnly: LocalBroker; // SASL PLAIN over plain TCP, 1 broker

beforeAll(async () => {
  // kafkajs with `ssl: true` trusts Node's default CA store, to which the front's CA is added.
  secured = await startSecuredLocalBroker({
    brokers: 3,
    topics: [{ name: TOPIC, partitions: 3 }],
    sasl: { username: USER, password: PASSWORD },
  });
  saslOnly = await startLocalBroker({
    brokers: 1,
    topics: [{ name: TOPIC, partitions: 1 }],
    secureFront: { sasl: { username: USER, password: PASSWORD, mechanisms: ['PLAIN'] } },
  });
}, 60_000);

afterAll(async () => {
  await secured?.stop();
  await saslOnly?.stop();
});

function client(broker: LocalBroker, settings: Pick<KafkaConfig, 'ssl' | 'sasl'>): Kafka {
  return new Kafka({
    clientId: 'front-test',
    brokers: broker.bootstrapServers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3000,
    retry: { retries: 0 },
    ...settings,
  });
}

function sasl(mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512', password = PASSWORD): SASLOptions {
  return { mechanism, username: USER, password } as SASLOptions;
}

async function failureOf(promise: Promise<unknown>): Promise<Error> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error as Error,
  );
  assert.ok(outcome, 'expected a failure');
  return outcome;
}

test.each(['plain', 'scram-sha-256', 'scram-sha-512'] as const)(
  'over TLS with SASL %s, kafkajs reaches every broker through the front and round-trips records',
  async (mechanism) => {
    const kafka = client(secured, { ssl: true, sasl: sasl(mechanism) });
    const admin = kafka.admin();
    await admin.connect();
    const cluster = await admin.describeCluster();
    const advertised = cluster.brokers.map((b) => `${b.host}:${b.port}`).sort();
    assert.deepEqual(advertised, [...secured.bootstrapServers].sort(), 'brokers advertise the front, not themselves');
    await admin.disconnect();

    const producer = kafka.producer();
    await producer.connect();
    const keys = ['a', 'b', 'c', 'd', 'e', 'f'].map((k) => `${mechanism}-${k}`);
    await producer.send({ topic: TOPIC, messages: keys.map((key) => ({ key, value: `value of ${key}` })) });
    await producer.disconnect();

    const consumer = kafka.consumer({ groupId: `group-${mechanism}`, maxWaitTimeInMs: 100 });
    const seen = new Map<string, { value: string; partition: number }>();
    await consumer.connect();
    await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message, partition }) => {
        const key = message.key?.toString() ?? '';
        if (key.startsWith(mechanism)) seen.set(key, { value: message.value?.toString() ?? '', partition });
      },
    });
    for (let waited = 0; seen.size < keys.length && waited < 30_000; waited += 100) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await consumer.disconnect();
    assert.deepEqual([...seen.keys()].sort(), keys);
    assert.equal(seen.get(keys[0]!)?.value, `value of ${keys[0]}`);
    assert.ok(new Set([...seen.values()].map((r) => r.partition)).size > 1, 'several partition leaders were used');
  },
  60_000,
);

test('a wrong password is refused by the front with SASL_AUTHENTICATION_FAILED and a message naming no secret', async () => {
  for (const mechanism of ['plain', 'scram-sha-512'] as const) {
    const admin = client(secured, { ssl: true, sasl: sasl(mechanism, 'not-the-password') }).admin();
    const failure = await failureOf(admin.connect());
    assert.match(failure.message, /authentication failed/i);
    assert.match(failure.message, /invalid credentials/);
    assert.ok(!failure.message.includes(PASSWORD) && !failure.message.includes('not-the-password'));
  }
  assert.match(secured.frontRefusals.at(-1) ?? '', /SCRAM-SHA-512 login refused/);
});

test('a client without TLS gets nowhere against the TLS front', async () => {
  const before = secured.frontRefusals.length;
  const admin = client(secured, { sasl: sasl('plain') }).admin();
  const failure = await failureOf(admin.connect());
  assert.match(failure.message, /Closed connection|Connection error/);
  assert.match(secured.frontRefusals.slice(before).join('\n'), /TLS handshake failed/);
});

test('a client without SASL is refused before its first request reaches a broker', async () => {
  const before = saslOnly.frontRefusals.length;
  const admin = client(saslOnly, {}).admin();
  const failure = await failureOf(admin.listTopics());
  assert.match(failure.message, /Closed connection|Connection error/);
  assert.match(saslOnly.frontRefusals.slice(before).join('\n'), /request with api key 3 before SASL authentication/);
  await admin.disconnect();

  const loggedIn = client(saslOnly, { sasl: sasl('plain') }).admin();
  assert.ok((await loggedIn.listTopics()).includes(TOPIC), 'the same front lets a client that logs in through');
  await loggedIn.disconnect();
  const other = client(saslOnly, { sasl: sasl('scram-sha-256') }).admin();
  assert.match((await failureOf(other.connect())).message, /does not support the requested SASL mechanism/);
  assert.match(saslOnly.frontRefusals.at(-1) ?? '', /SASL mechanism "SCRAM-SHA-256" is not enabled/);
});

test('a broker set down and up again comes back on its front port', async () => {
  const kafka = client(secured, { ssl: true, sasl: sasl('plain') });
  const admin = kafka.admin();
  await admin.connect();
  await secured.command('down 2');
  await secured.command('up 2');
  const producer = kafka.producer();
  await producer.connect();
  const partitions = [0, 1, 2];
  await producer.send({ topic: TOPIC, messages: partitions.map((partition) => ({ partition, value: 'after' })) });
  await producer.disconnect();
  const offsets = await admin.fetchTopicOffsets(TOPIC);
  assert.equal(offsets.length, 3);
  await admin.disconnect();
}, 60_000);
