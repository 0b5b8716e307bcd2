import { afterAll, beforeAll, test } from '@jest/globals';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { KafkaLagProbe } from '@demand/bus';
import {
  checkPlatformFields,
  ConfigError,
  evenAfterFieldErrors,
  kafkaFields,
  parseConfig,
  tenantId,
  z,
} from '@demand/config';
import { startLocalBroker, type LocalBroker } from '@demand/kafka-broker';
import { createLogger } from '@demand/telemetry';
import { kafkaConnection } from '../src/index.js';

// The local broker (librdkafka 2.0.2's mock cluster) speaks neither SASL nor TLS, so what is
// proven here is the mapping from the configuration to the client and that the settings reach
// the wire (the broker refuses the SASL handshake); a SASL login accepted, and wrong credentials
// refused by a broker that checks them, are not proven on this machine (README, Security).
const PASSWORD = 'kafka-sasl-password-that-is-never-logged';
const schema = z
  .object({ ...kafkaFields, TENANT_ID: tenantId() })
  .superRefine(checkPlatformFields, evenAfterFieldErrors);

let broker: LocalBroker;
beforeAll(async () => {
  broker = await startLocalBroker({ brokers: 1, topics: [{ name: 'probe-topic', partitions: 1 }] });
});
afterAll(async () => broker?.stop());

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

test('KAFKA_SASL_* and KAFKA_SSL map onto the client options; a SASL mechanism without a user is refused naming the variable, never the password', () => {
  const { logger } = capturingLogger();
  const env = parseConfig(schema, {
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
  assert.equal(kafkaConnection(parseConfig(schema, {}), 'collector', logger).sasl, undefined);

  const error = (() => {
    try {
      parseConfig(schema, { KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_PASSWORD: PASSWORD });
    } catch (e) {
      return e;
    }
  })();
  assert.ok(error instanceof ConfigError);
  assert.match(error.message, /KAFKA_SASL_USERNAME: is required when KAFKA_SASL_MECHANISM is set/);
  assert.ok(!error.message.includes(PASSWORD));
});

test('with SASL configured the client attempts the handshake (this broker refuses it) and neither the error nor any log line holds the password', async () => {
  const plain = capturingLogger();
  const withoutSasl = new KafkaLagProbe(
    kafkaConnection(parseConfig(schema, { KAFKA_BROKERS: broker.bootstrapServers.join(',') }), 'plain', plain.logger),
  );
  assert.equal(await withoutSasl.lag('nobody', 'probe-topic'), 0, 'the same broker answers a client without SASL');
  await withoutSasl.close();

  const sasl = capturingLogger();
  const env = parseConfig(schema, {
    KAFKA_BROKERS: broker.bootstrapServers.join(','),
    KAFKA_SASL_MECHANISM: 'plain',
    KAFKA_SASL_USERNAME: 'platform',
    KAFKA_SASL_PASSWORD: PASSWORD,
  });
  const probe = new KafkaLagProbe(kafkaConnection(env, 'sasl', sasl.logger));
  const failure = await probe.lag('nobody', 'probe-topic').then(
    () => undefined,
    (e: unknown) => e as Error & { transient?: boolean },
  );
  await probe.close().catch(() => undefined);
  assert.ok(failure, 'a broker without SASL cannot authenticate the client');
  // kafkajs sends SaslHandshake first; the mock has no such API (the client without SASL got through).
  assert.match(failure.message, /does not support the requested API version/);
  assert.ok(!failure.message.includes(PASSWORD));
  assert.ok(!String(failure.cause).includes(PASSWORD));
  assert.ok(sasl.lines.length > 0, 'the failure was logged');
  for (const line of sasl.lines) assert.ok(!line.includes(PASSWORD), line);
}, 60_000);
