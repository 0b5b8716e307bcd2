import { afterAll, beforeAll, test } from '@jest/globals';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { credentials, Metadata, type ServiceError } from '@grpc/grpc-js';
import { Registry } from 'prom-client';
import { KafkaEventBus, type ConsumedRecord } from '@demand/bus';
import { CollectorClient, type Event, Topics, type TrackBatchResponse } from '@demand/contracts';
import { startSecuredLocalBroker, type LocalBroker } from '@demand/kafka-broker';
import { kafkaConnection, type RunningService } from '@demand/service-runtime';
import { createLogger } from '@demand/telemetry';
import { viewEvent } from '@demand/testkit';
import { loadCollectorConfig, startCollector } from '../src/index.js';

// The collector as deployed against a SASL_SSL cluster: its whole configuration from the
// environment, the Kafka credentials from secret files, every Kafka connection (its producer and
// its back-pressure lag reads) through the local broker's TLS + SASL SCRAM-SHA-256 front.
const USER = 'collector';
const PASSWORD = 'collector-kafka-password';
const WRONG_PASSWORD = 'a-wrong-collector-kafka-password';
const logger = createLogger({ service: 'collector', level: 'silent' });

let broker: LocalBroker;
let dir: string;
let collector: RunningService;

beforeAll(async () => {
  broker = await startSecuredLocalBroker({
    brokers: 3,
    topics: [
      { name: Topics.eventsRaw.name, partitions: 3 },
      { name: Topics.eventsRaw.dlq, partitions: 1 },
    ],
    sasl: { username: USER, password: PASSWORD, mechanisms: ['SCRAM-SHA-256'] },
  });
  dir = await mkdtemp(join(tmpdir(), 'collector-secrets-'));
  await writeFile(join(dir, 'username'), `${USER}\n`);
  await writeFile(join(dir, 'password'), `${PASSWORD}\n`);
  await writeFile(join(dir, 'wrong-password'), `${WRONG_PASSWORD}\n`);
}, 60_000);

afterAll(async () => {
  await collector?.close();
  await broker?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The collector's configuration as deployed, its password in the secret file `passwordFile`. */
function collectorConfig(passwordFile: string) {
  return loadCollectorConfig({
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: '0',
    GRPC_HOST: '127.0.0.1',
    GRPC_PORT: '0',
    GRPC_AUTH: 'off',
    KAFKA_BROKERS: broker.bootstrapServers.join(','),
    KAFKA_SSL: 'true',
    KAFKA_SASL_MECHANISM: 'scram-sha-256',
    KAFKA_SASL_USERNAME_FILE: join(dir, 'username'),
    KAFKA_SASL_PASSWORD_FILE: join(dir, passwordFile),
    // Back-pressure after 3 unprocessed records (no preprocessor runs here), checked every 100 ms.
    COLLECTOR_MAX_RECORDS_BEHIND: '3',
    COLLECTOR_BACKLOG_CHECK_MS: '100',
  });
}

test('the collector started from its environment writes accepted events through the SASL_SSL front', async () => {
  const config = collectorConfig('password');
  collector = await startCollector(config, logger);
  const client = new CollectorClient(`127.0.0.1:${collector.grpcPort}`, credentials.createInsecure());
  const ids = ['e1', 'e2', 'e3', 'e4'];
  const track = (eventIds: string[]) =>
    new Promise<TrackBatchResponse>((resolve, reject) =>
      client.trackBatch(
        { events: eventIds.map((id) => ({ ...viewEvent(id), occurredAt: new Date() })) },
        new Metadata(),
        { deadline: Date.now() + 30_000 },
        (error: ServiceError | null, answer: TrackBatchResponse) => (error ? reject(error) : resolve(answer)),
      ),
    );
  const response = await track(ids);
  // The 4 records now behind are read back through the front by the back-pressure check: calls get refused.
  const sent = [...ids];
  let refusal: ServiceError | undefined;
  for (let probe = 0; !refusal && probe < 150; probe++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const id = `probe-${probe}`;
    refusal = await track([id]).then(
      () => void sent.push(id),
      (error: ServiceError) => error,
    );
  }
  assert.match(refusal?.details ?? 'never refused', /\d+ raw records not yet preprocessed/);
  client.close();
  assert.equal(response.accepted, ids.length);

  const reader = new KafkaEventBus({
    ...kafkaConnection(config.env, 'raw-reader', logger),
    metricsRegistry: new Registry(),
    topicProvisioner: broker,
    consumer: { sessionTimeout: 6000, heartbeatInterval: 1000 },
  });
  const seen: ConsumedRecord<Event>[] = [];
  try {
    await reader.subscribe({
      groupId: 'raw-reader',
      topic: Topics.eventsRaw,
      fromBeginning: true,
      handle: async (batch) => void seen.push(...batch),
    });
    for (let waited = 0; seen.length < sent.length && waited < 30_000; waited += 100) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await reader.close();
  }
  assert.deepEqual(seen.map((r) => r.value.eventId).sort(), sent.sort());
  assert.deepEqual(broker.frontRefusals, [], 'every connection logged in');
}, 90_000);

test('the collector started with a wrong Kafka password fails to start, naming the brokers and never the password', async () => {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  const logging = createLogger({ service: 'collector', level: 'debug', destination: destination as never });
  const refusals = broker.frontRefusals.length;
  const failure = await startCollector(collectorConfig('wrong-password'), logging).then(
    async (started) => {
      await started.close();
      return assert.fail('started although the broker refused its login');
    },
    (error: unknown) => error as Error,
  );
  assert.match(failure.message, /^cannot connect to Kafka at 127\.0\.0\.1:\d+(,127\.0\.0\.1:\d+)*: SASL .*invalid/);
  assert.ok(broker.frontRefusals.length > refusals, 'the broker refused a login');
  for (const text of [failure.message, String(failure.cause), ...lines]) {
    assert.ok(!text.includes(WRONG_PASSWORD) && !text.includes(PASSWORD), text);
  }
}, 60_000);
