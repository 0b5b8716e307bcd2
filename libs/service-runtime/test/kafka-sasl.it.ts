import { afterAll, beforeAll, test } from '@jest/globals';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Registry } from 'prom-client';
import { type Event, Topics, type TopicDefinition } from '@demand/contracts';
import { KafkaEventBus, KafkaLagProbe, type BusError, type ConsumedRecord } from '@demand/bus';
import { ConfigError, parseConfig } from '@demand/config';
import { startSecuredLocalBroker, type LocalBroker } from '@demand/kafka-broker';
import { createLogger } from '@demand/telemetry';
import { kafkaConnection } from '../src/index.js';
import { eventually, viewEvent } from '@demand/testkit';
import { kafkaEnvSchema } from './support.js';

// The local broker (librdkafka 2.0.2's mock cluster) speaks neither TLS nor SASL; its secured
// front (libs/kafka-broker, SecureFront) performs both steps as a SASL_SSL listener would, in
// front of every mock broker. What a real broker adds (ACLs, authorization) is not exercised here.
const PASSWORD = 'kafka-sasl-password-that-is-never-logged';

const USER = 'platform';
const topic: TopicDefinition<Event> = { ...Topics.eventsRaw, name: 'secured.events.v1', dlq: 'secured.events.v1.dlq' };
const rotationSource: TopicDefinition<Event> = {
  ...topic,
  name: 'secured.rotation.v1',
  dlq: 'secured.rotation.v1.dlq',
};
const restarted: TopicDefinition<Event> = { ...topic, name: 'secured.restart.v1', dlq: 'secured.restart.v1.dlq' };
const forwarded: TopicDefinition<Event> = { ...topic, name: 'secured.forwarded.v1', dlq: 'secured.forwarded.v1.dlq' };

let broker: LocalBroker;
let secretsDir: string;
beforeAll(async () => {
  // The brokers' CA goes into Node's default store, as NODE_EXTRA_CA_CERTS puts a private CA there.
  broker = await startSecuredLocalBroker({
    brokers: 3,
    topics: [
      { name: topic.name, partitions: 3 },
      { name: topic.dlq, partitions: 1 },
      // One partition: the consumer's connections (coordinator, leader) are all open once a batch is in.
      { name: rotationSource.name, partitions: 1 },
      { name: rotationSource.dlq, partitions: 1 },
      { name: forwarded.name, partitions: 1 },
      { name: restarted.name, partitions: 1 },
      { name: restarted.dlq, partitions: 1 },
    ],
    sasl: { username: USER, password: PASSWORD },
  });
  secretsDir = await mkdtemp(join(tmpdir(), 'kafka-secrets-'));
}, 60_000);
afterAll(async () => {
  await broker?.stop();
  if (secretsDir) await rm(secretsDir, { recursive: true, force: true });
});

/** The environment of a service reaching the brokers over SASL_SSL, its credentials in mounted secret files. */
let secretFiles = 0;
async function securedEnvironment(password: string) {
  const file = async (name: string, text: string) => {
    const path = join(secretsDir, `${name}-${++secretFiles}`);
    await writeFile(path, `${text}\n`);
    return path;
  };
  return parseConfig(kafkaEnvSchema, {
    KAFKA_BROKERS: broker.bootstrapServers.join(','),
    KAFKA_SSL: 'true',
    KAFKA_SASL_MECHANISM: 'scram-sha-512',
    KAFKA_SASL_USERNAME_FILE: await file('username', USER),
    KAFKA_SASL_PASSWORD_FILE: await file('password', password),
  });
}

function capturingLogger() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { lines, logger: createLogger({ service: 'sasl-test', level: 'debug', destination: destination as never }) };
}

/** A bus on the secured brokers whose consumers join quickly. */
function consumingBus(connection: ReturnType<typeof kafkaConnection>) {
  return new KafkaEventBus({
    ...connection,
    metricsRegistry: new Registry(),
    topicProvisioner: broker,
    consumer: { sessionTimeout: 6000, heartbeatInterval: 1000 },
  });
}

test('KAFKA_SASL_* and KAFKA_SSL map onto the client options; a SASL mechanism without a user is refused naming the variable, never the password', () => {
  const { logger } = capturingLogger();
  const env = parseConfig(kafkaEnvSchema, {
    KAFKA_BROKERS: 'k1:9093,k2:9093',
    KAFKA_SSL: 'true',
    KAFKA_SASL_MECHANISM: 'scram-sha-512',
    KAFKA_SASL_USERNAME: 'platform',
    KAFKA_SASL_PASSWORD: PASSWORD,
  });
  const options = kafkaConnection(env, 'collector', logger);
  assert.deepEqual(
    { clientId: options.clientId, brokers: options.brokers, ssl: options.ssl, sasl: options.sasl },
    {
      clientId: 'collector',
      brokers: ['k1:9093', 'k2:9093'],
      ssl: true,
      sasl: { mechanism: 'scram-sha-512', username: 'platform', password: PASSWORD },
    },
  );
  assert.equal(kafkaConnection(parseConfig(kafkaEnvSchema, {}), 'collector', logger).sasl, undefined);

  const error = (() => {
    try {
      parseConfig(kafkaEnvSchema, { KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_PASSWORD: PASSWORD });
    } catch (e) {
      return e;
    }
  })();
  assert.ok(error instanceof ConfigError);
  assert.match(error.message, /KAFKA_SASL_USERNAME: is required when KAFKA_SASL_MECHANISM is set/);
  assert.ok(!error.message.includes(PASSWORD));
});

test('over SASL_SSL with credentials from *_FILE secrets, the bus publishes, consumes in a group and commits', async () => {
  const { logger, lines } = capturingLogger();
  const connection = kafkaConnection(await securedEnvironment(PASSWORD), 'secured', logger);
  assert.deepEqual(connection.sasl, { mechanism: 'scram-sha-512', username: USER, password: PASSWORD });
  const bus = consumingBus(connection);
  const probe = new KafkaLagProbe(connection);
  try {
    const ids = ['a', 'b', 'c', 'd', 'e', 'f'];
    await bus.publish(
      topic,
      ids.map((id) => viewEvent(id)),
    );
    assert.equal(await probe.lag('secured-group', topic.name), ids.length, 'nothing committed yet');

    const received: ConsumedRecord<Event>[] = [];
    await bus.subscribe({
      groupId: 'secured-group',
      topic,
      fromBeginning: true,
      handle: async (batch) => void received.push(...batch),
    });
    await eventually('every record consumed and committed', async () =>
      received.length >= ids.length && (await probe.lag('secured-group', topic.name)) === 0 ? true : undefined,
    );
    assert.deepEqual(received.map((r) => r.value.eventId).sort(), ids);
    assert.ok(
      new Set(received.map((r) => r.partition)).size > 1,
      'partitions led by several brokers, all via the front',
    );
  } finally {
    await probe.close();
    await bus.close();
  }
  assert.ok(lines.length > 0);
  for (const line of lines) assert.ok(!line.includes(PASSWORD), line);
}, 90_000);

test('a wrong password fails publish, subscribe and the lag probe at once, not transient, naming the brokers and neither password', async () => {
  const wrong = 'wrong-kafka-password-also-never-logged';
  const { logger, lines } = capturingLogger();
  const connection = kafkaConnection(await securedEnvironment(wrong), 'wrong', logger);
  const bus = new KafkaEventBus({
    ...connection,
    metricsRegistry: new Registry(),
    topicProvisioner: broker,
  });
  const probe = new KafkaLagProbe(connection);
  const failureOf = (promise: Promise<unknown>) =>
    promise.then(
      () => assert.fail('the broker refused the login'),
      (error: unknown) => error as BusError,
    );
  const failure = await failureOf(bus.publish(topic, [viewEvent('x')]));
  const subscribing = await failureOf(bus.subscribe({ groupId: 'wrong-group', topic, handle: async () => undefined }));
  const lag = await failureOf(probe.lag('wrong-group', topic.name));
  await probe.close();
  await bus.close();
  assert.match(failure.message, /^cannot connect to Kafka at 127\.0\.0\.1:\d+/);
  assert.match(failure.message, /SASL SCRAM SHA512 authentication failed: Authentication failed .*invalid credentials/);
  assert.match(subscribing.message, /^cannot subscribe group wrong-group to secured\.events\.v1 at 127\.0\.0\.1:\d+.*/);
  assert.match(lag.message, /^cannot read the lag of wrong-group on secured\.events\.v1 at 127\.0\.0\.1:\d+/);
  for (const error of [failure, subscribing, lag]) {
    assert.match(error.message, /invalid credentials/);
    assert.equal(error.transient, false, `not retried forever: ${error.message}`);
  }
  for (const text of [failure.message, subscribing.message, lag.message, String(failure.cause), ...lines]) {
    assert.ok(!text.includes(wrong) && !text.includes(PASSWORD), text);
  }
  assert.match(broker.frontRefusals.at(-1) ?? '', /SCRAM-SHA-512 login refused/);
}, 60_000);

test('a login refused while running (the password rotated) makes a handler publishing retry, unhealthy, and dead-letters nothing', async () => {
  const { logger } = capturingLogger();
  const connection = kafkaConnection(await securedEnvironment(PASSWORD), 'rotation', logger);
  const publisher = new KafkaEventBus({ ...connection, metricsRegistry: new Registry(), topicProvisioner: broker });
  await publisher.publish(rotationSource, [viewEvent('rotated-1'), viewEvent('rotated-2')]);
  await publisher.close();
  const bus = consumingBus(connection);
  const probe = new KafkaLagProbe(connection);
  const batchIn = Promise.withResolvers<void>();
  const rotated = Promise.withResolvers<void>();
  const failures: BusError[] = [];
  const forwardedIds: string[] = [];
  try {
    const deadLettered = await probe.lag('never-committed', rotationSource.dlq);
    await bus.subscribe({
      groupId: 'rotation-group',
      topic: rotationSource,
      fromBeginning: true,
      retry: { initialDelayMs: 50, maxDelayMs: 200 },
      handle: async (batch) => {
        batchIn.resolve();
        await rotated.promise;
        try {
          await bus.publish(
            forwarded,
            batch.map((r) => r.value),
          );
          forwardedIds.push(...batch.map((r) => r.value.eventId));
        } catch (error) {
          failures.push(error as BusError);
          throw error;
        }
      },
    });
    // The consumer logged in with the old password; from now on a new login needs the new one.
    await batchIn.promise;
    broker.changeSaslPassword('the-rotated-kafka-password');
    rotated.resolve();
    await eventually('the publish refused three times', async () => (failures.length >= 3 ? true : undefined));
    assert.equal(bus.isHealthy(), false, 'a handler failing on a refused login shows unhealthy');
    for (const failure of failures) {
      assert.match(failure.message, /^cannot connect to Kafka at .*invalid credentials/);
      assert.equal(failure.transient, true, failure.message);
    }
    broker.changeSaslPassword(PASSWORD);
    await eventually('every record forwarded and committed once the password is back', async () =>
      (await probe.lag('rotation-group', rotationSource.name)) === 0 ? true : undefined,
    );
    assert.ok(forwardedIds.includes('rotated-1') && forwardedIds.includes('rotated-2'));
    assert.equal(await probe.lag('never-committed', rotationSource.dlq), deadLettered, 'nothing dead-lettered');
    assert.equal(bus.isHealthy(), true);
  } finally {
    broker.changeSaslPassword(PASSWORD);
    await probe.close();
    await bus.close();
  }
}, 60_000);

test('the lag probe, once it has read, counts a login refused while running (the password rotated) as transient and reads again once it is back', async () => {
  const { logger } = capturingLogger();
  const connection = kafkaConnection(await securedEnvironment(PASSWORD), 'probe-rotation', logger);
  const probe = new KafkaLagProbe(connection);
  const lag = () => probe.lag('probe-rotation-group', topic.name);
  try {
    const before = await lag();
    // Every connection drops; the probe's logins on reconnecting want the rotated password.
    broker.changeSaslPassword('the-rotated-kafka-password');
    for (const id of [1, 2, 3]) await broker.command(`down ${id}`);
    for (const id of [1, 2, 3]) await broker.command(`up ${id}`);
    const failures: BusError[] = [];
    await eventually('the login refused', async () => {
      const failure = await lag().then(
        () => assert.fail('the broker wants the rotated password'),
        (error: unknown) => error as BusError,
      );
      failures.push(failure);
      return /invalid credentials/.test(failure.message) ? true : undefined;
    });
    for (const failure of failures) {
      assert.match(failure.message, /^cannot read the lag of probe-rotation-group on secured\.events\.v1 at /);
      assert.equal(failure.transient, true, failure.message);
    }
    broker.changeSaslPassword(PASSWORD);
    await eventually('read again once the password is back', async () =>
      (await lag().catch(() => undefined)) === before ? true : undefined,
    );
  } finally {
    broker.changeSaslPassword(PASSWORD);
    await probe.close();
  }
}, 60_000);

test('a consumer whose login is refused while running restarts itself, unhealthy meanwhile, and drains once the password is back', async () => {
  const { logger, lines } = capturingLogger();
  const connection = kafkaConnection(await securedEnvironment(PASSWORD), 'restart', logger);
  const publisher = new KafkaEventBus({ ...connection, metricsRegistry: new Registry(), topicProvisioner: broker });
  const bus = consumingBus(connection);
  const probe = new KafkaLagProbe(connection);
  const handled: string[] = [];
  const logged = (pattern: RegExp) => () => (lines.some((line) => pattern.test(line)) ? true : undefined);
  const drained = async () => ((await probe.lag('restart-group', restarted.name)) === 0 ? true : undefined);
  try {
    await publisher.publish(restarted, [viewEvent('before')]);
    await bus.subscribe({
      groupId: 'restart-group',
      topic: restarted,
      fromBeginning: true,
      handle: async (batch) => void handled.push(...batch.map((r) => r.value.eventId)),
    });
    await eventually('the first record handled and committed', drained);
    // Every connection drops; the member's logins on reconnecting want the rotated password.
    broker.changeSaslPassword('the-rotated-kafka-password');
    for (const id of [1, 2, 3]) await broker.command(`down ${id}`);
    for (const id of [1, 2, 3]) await broker.command(`up ${id}`);
    await eventually('kafkajs gave the consumer up', logged(/"restart":false.*"msg":"consumer crashed"/), 40_000);
    await eventually('a restart refused', logged(/"msg":"cannot restart the consumer"/), 20_000);
    assert.equal(bus.isHealthy(), false, 'unhealthy while the consumer is out of its group');
    broker.changeSaslPassword(PASSWORD);
    await publisher.publish(restarted, [viewEvent('after-1'), viewEvent('after-2')]);
    await eventually('the records written since handled and committed', drained, 40_000);
    await eventually('healthy again', () => (bus.isHealthy() ? true : undefined));
    assert.deepEqual([...new Set(handled)].sort(), ['after-1', 'after-2', 'before']);
  } finally {
    broker.changeSaslPassword(PASSWORD);
    await probe.close();
    await publisher.close();
    await bus.close();
  }
}, 120_000);
