import { afterAll, beforeAll, test } from '@jest/globals';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { credentials, Metadata, type ServiceError } from '@grpc/grpc-js';
import { startLocalPlatform, type LocalPlatform } from '@demand/all-in-one';
import { allTopicNames, CollectorClient, Event, Topics } from '@demand/contracts';
import { createLogger } from '@demand/telemetry';
import { Kafka, logLevel } from 'kafkajs';
import { waitForDrain } from '../src/consumer-lag.js';
import { unaryCall } from '../src/grpc-call.js';
import { piiEvents, piiItem, PLANTED_PII } from '../src/pii-events.js';
import { piiFoundIn } from '../src/pii-patterns.js';

/** Secrets the platform is configured with or handed; none may appear in any log line. */
const PSEUDONYM_KEY = 'pseudonym-key-that-must-never-be-logged-7f3a9c';
const CLICKHOUSE_PASSWORD = 'clickhouse-password-never-logged-51e0';
const FORGED_KEY = 'dmk_0123456789abcdef_forgedsecretforgedsecretforgedsecret0000';

const lines: string[] = [];
const capture = new Writable({
  write(chunk: Buffer, _encoding, done) {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  },
});

let platform: LocalPlatform;
let stopped = false;
let dataDir: string;
beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'demand-logs-'));
  platform = await startLocalPlatform({
    dataDir,
    env: { LOG_LEVEL: 'debug', PRIVACY_PSEUDONYM_KEY: PSEUDONYM_KEY, CLICKHOUSE_PASSWORD },
    fixedPorts: false,
    requireApiKeys: true,
    loggerFor: (service) => createLogger({ service, level: 'debug', destination: capture as never }),
  });
}, 180_000);
afterAll(async () => {
  if (!stopped) await platform?.stop();
  rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

/**
 * A log line without what only looks like personal data: trace and span ids (random hex can hold
 * a run of digits) and consumer names `group@topic` (`aggregator@events.clean.v1` has an e-mail's shape).
 */
const topicNames = allTopicNames().map((t) => t.name);
const withoutLookalikes = (line: string) =>
  topicNames
    .reduce((text, topic) => text.replaceAll(`@${topic}`, '@topic'), line)
    .replace(/"(?:trace_id|span_id)":"[0-9a-f]+"/g, '');

test('a run fed with personal data, API keys and secrets, with refusals and poison on the way, logs none of them', async () => {
  const apiKey = platform.apiKey!;
  const collector = new CollectorClient(platform.grpcAddress('collector'), credentials.createInsecure());
  const occurredAt = new Date(Date.now() - 3_600_000);
  const withKey = (key: string) => {
    const metadata = new Metadata();
    metadata.set('authorization', `Bearer ${key}`);
    return metadata;
  };
  const track = (events: Event[], key: string) =>
    new Promise<ServiceError | null>((resolve) =>
      collector.trackBatch({ events }, withKey(key), { deadline: Date.now() + 15_000 }, (error) => resolve(error)),
    );
  try {
    await unaryCall((m, o, cb) => {
      m.set('authorization', `Bearer ${apiKey}`);
      return collector.upsertItems({ items: [piiItem('i-logs-1')] }, m, o, cb);
    });
    assert.equal(await track(piiEvents('i-logs-1', occurredAt), apiKey), null);
    // Refusals whose requests carry personal data and keys: a forged key, an invalid event.
    assert.ok(await track(piiEvents('i-logs-1', occurredAt), FORGED_KEY));
    const invalid = Event.fromPartial({
      eventId: 'ev-logs-bad',
      userId: 'u-pii-0001',
      occurredAt,
      payload: {
        $case: 'review',
        review: { itemId: 'i-logs-1', rating: 9, text: '电话 13912345678 wang.fang88@163.com' },
      },
    });
    assert.ok(await track([invalid], apiKey));
    // The same invalid event straight onto the raw topic: dead-lettered by the preprocessor.
    const kafka = new Kafka({ brokers: platform.kafkaBrokers, logLevel: logLevel.NOTHING });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: Topics.eventsRaw.name,
      messages: [{ key: 'u-pii-0001', value: Buffer.from(Event.encode(invalid).finish()) }],
    });
    await producer.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    await waitForDrain(
      admin,
      [
        { groupId: 'preprocessor', topic: Topics.eventsRaw.name },
        { groupId: 'aggregator', topic: Topics.eventsClean.name },
        { groupId: 'embedder', topic: Topics.textsClean.name },
      ],
      90_000,
    );
    await admin.disconnect();
  } finally {
    collector.close();
  }
  // Stopping logs too (drains, closes): those lines are scanned as well.
  await platform.stop();
  stopped = true;

  const [, keySecret] = /^dmk_[0-9a-f]+_(.+)$/.exec(apiKey) ?? [];
  assert.ok(keySecret);
  const secrets = [apiKey, keySecret, FORGED_KEY, PSEUDONYM_KEY, CLICKHOUSE_PASSWORD];
  assert.ok(lines.length > 50, `the run logged (${lines.length} lines)`);
  const leaks = lines.map(withoutLookalikes).flatMap((line) => {
    const found = [
      ...piiFoundIn(line),
      ...PLANTED_PII.filter((value) => line.includes(value)),
      ...secrets.filter((secret) => line.includes(secret)).map(() => 'secret'),
    ];
    return found.length > 0 ? [`${found.join(',')}: ${line.slice(0, 300)}`] : [];
  });
  assert.deepEqual(leaks, []);
}, 240_000);
