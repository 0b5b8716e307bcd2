import { afterAll, beforeAll, test } from '@jest/globals';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { credentials, Metadata, makeGenericClientConstructor, type ServiceError, status } from '@grpc/grpc-js';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { FileApiKeyStore, issueApiKey } from '@demand/api-keys';
import {
  allTopicNames,
  CollectorClient,
  Event,
  FeaturesClient,
  type ForgetUserReceipt,
  type ItemStats,
  platformServices,
  PrivacyClient,
  withApiKey,
} from '@demand/contracts';
import { startLocalBroker, type LocalBroker } from '@demand/kafka-broker';
import { startServiceProcess, type ServiceProcess } from '@demand/service-process';
import { unaryCall } from '../src/grpc-call.js';
import { restartStreamEvents } from '../src/restart-stream.js';
import { readWholeTopic } from '../src/topic-reader.js';

/**
 * Two shops on one broker, each in its own cell: shop-a runs the ingest pipeline (collector,
 * preprocessor, aggregator), shop-b an aggregator; each cell has its own analytics store
 * directory, and both read one key file holding both shops' keys.
 */
const root = fileURLToPath(new URL('../../../', import.meta.url));
const EVENTS = 40;
const ITEMS = 4;

let dataDir: string;
let broker: LocalBroker;
let kafka: Kafka;
let admin: Admin;
const cells = new Map<string, ServiceProcess>();
const keys = { a: '', b: '' };

function cellEnvironment(tenant: string, keysFile: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    TENANT_ID: tenant,
    LOG_LEVEL: 'info',
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: '0',
    GRPC_HOST: '127.0.0.1',
    GRPC_PORT: '0',
    GRPC_AUTH: 'required',
    GRPC_API_KEYS_FILE: keysFile,
    KAFKA_BROKERS: broker.bootstrapServers.join(','),
    KAFKAJS_NO_PARTITIONER_WARNING: '1',
    KAFKA_SESSION_TIMEOUT_MS: '6000',
    ANALYTICS_DATA_DIR: path.join(dataDir, tenant, 'clickhouse'),
    AGGREGATOR_MODELS_DIR: path.join(dataDir, tenant, 'models'),
    AGGREGATOR_INSERT_DELAY_MS: '200',
  };
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'demand-tenancy-'));
  const keysFile = path.join(dataDir, 'api-keys.json');
  const store = new FileApiKeyStore(keysFile);
  for (const [shop, tenant] of [
    ['a', 'shop-a'],
    ['b', 'shop-b'],
  ] as const) {
    const issued = issueApiKey({ name: tenant, scopes: ['admin'], tenant });
    await store.add(issued.record);
    keys[shop] = issued.token;
  }
  broker = await startLocalBroker({ brokers: 1, topics: [...allTopicNames('shop-a.'), ...allTopicNames('shop-b.')] });
  kafka = new Kafka({ clientId: 'e2e-tenancy', brokers: broker.bootstrapServers, logLevel: logLevel.NOTHING });
  admin = kafka.admin();
  await admin.connect();
  const starts = [
    ['shop-a', 'collector'],
    ['shop-a', 'preprocessor'],
    ['shop-a', 'aggregator'],
    ['shop-b', 'aggregator'],
  ].map(async ([tenant, name]) => {
    const env = cellEnvironment(tenant!, keysFile);
    cells.set(`${tenant}/${name}`, await startServiceProcess({ root, name: name!, env, killAfterMs: 20_000 }));
  });
  const started = await Promise.allSettled(starts);
  const failed = started.find((s) => s.status === 'rejected');
  if (failed) throw failed.reason;
});

afterAll(async () => {
  await Promise.allSettled([...cells.values()].map((cell) => cell.stop()));
  await admin?.disconnect();
  await broker?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

function address(cell: string): string {
  return `127.0.0.1:${cells.get(cell)!.grpcPort}`;
}

/** Views of one item in a cell's store; 0 for an item the store has never seen (NOT_FOUND). */
async function itemViews(cell: string, key: string, itemId: string): Promise<number> {
  const client = new FeaturesClient(address(cell), credentials.createInsecure(), withApiKey(key));
  try {
    const stats = await unaryCall<ItemStats>((m, o, cb) =>
      client.getItemStats({ itemId, fromDay: '', toDay: '' }, m, o, cb),
    );
    return stats.totals?.views ?? 0;
  } catch (error) {
    if ((error as ServiceError).code === status.NOT_FOUND) return 0;
    throw error;
  } finally {
    client.close();
  }
}

async function views(cell: string, key: string, prefix: string): Promise<number> {
  let total = 0;
  for (let item = 0; item < ITEMS; item++) total += await itemViews(cell, key, `${prefix}-item-${item}`);
  return total;
}

async function topicSize(topic: string): Promise<number> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return offsets.reduce((n, o) => n + Number(o.high), 0);
}

/** Calls a method with an empty request and `key`; the status code it ends with. */
function callWith(target: string, methodPath: string, key: string): Promise<status> {
  const [, service, method] = /^\/([^/]+)\/([^/]+)$/.exec(methodPath)!;
  const raw = (b: Buffer) => b;
  const Raw = makeGenericClientConstructor(
    {
      [method!]: {
        path: methodPath,
        requestStream: false,
        responseStream: false,
        requestSerialize: raw,
        requestDeserialize: raw,
        responseSerialize: raw,
        responseDeserialize: raw,
      },
    },
    service!,
  );
  const client = new Raw(target, credentials.createInsecure(), withApiKey(key)) as never as Record<
    string,
    (request: Buffer, metadata: Metadata, callback: (error: ServiceError | null) => void) => void
  > & { close(): void };
  return new Promise((resolve) =>
    client[method!]!(Buffer.alloc(0), new Metadata(), (error) => {
      client.close();
      resolve(error?.code ?? status.OK);
    }),
  );
}

async function eventually<R>(what: string, check: () => Promise<R | undefined>, timeoutMs = 90_000): Promise<R> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await check();
    if (result !== undefined) return result;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

test("events tracked with shop-a's key land in shop-a's topics and store only; shop-b's key reaches none of shop-a's methods", async () => {
  const collector = new CollectorClient(address('shop-a/collector'), credentials.createInsecure(), withApiKey(keys.a));
  const events = restartStreamEvents(EVENTS, ITEMS, 'tenant');
  try {
    const answer = await unaryCall<{ accepted: number }>((m, o, cb) => collector.trackBatch({ events }, m, o, cb));
    assert.equal(answer.accepted, EVENTS);
  } finally {
    collector.close();
  }
  await eventually('shop-a aggregates every event', async () =>
    (await views('shop-a/aggregator', keys.a, 'tenant')) === EVENTS ? true : undefined,
  ).catch(async (error: unknown) => {
    const sizes = await Promise.all(allTopicNames('shop-a.').map(async (t) => `${t.name}=${await topicSize(t.name)}`));
    const logs = [...cells].map(([name, cell]) => `${name}:\n${cell.output().slice(-3000)}`);
    throw new Error(`${String(error)}\n${sizes.join(' ')}\n${logs.join('\n')}`);
  });
  assert.ok((await topicSize('shop-a.events.raw.v1')) > 0);
  assert.ok((await topicSize('shop-a.events.clean.v1')) > 0);
  for (const topic of allTopicNames('shop-b.')) assert.equal(await topicSize(topic.name), 0, topic.name);
  const unprefixed = new Set((await admin.listTopics()).filter((t) => !/^shop-[ab]\./.test(t) && !t.startsWith('__')));
  assert.deepEqual([...unprefixed], [], 'nothing was written outside the tenants’ topics');
  // shop-b's own store, behind its own key: none of shop-a's events.
  assert.equal(await views('shop-b/aggregator', keys.b, 'tenant'), 0);

  // shop-b's admin key on every method shop-a's cell serves: refused before any handler runs.
  const served: [string, string][] = [
    ['shop-a/collector', 'demand.v1.Collector'],
    ['shop-a/aggregator', 'demand.v1.Features'],
    ['shop-a/aggregator', 'demand.v1.Privacy'],
    ['shop-b/aggregator', 'demand.v1.Features'],
  ];
  for (const [cell, service] of served) {
    const definition = platformServices[service as keyof typeof platformServices];
    const key = cell.startsWith('shop-a') ? keys.b : keys.a;
    for (const method of Object.values(definition)) {
      assert.equal(await callWith(address(cell), method.path, key), status.PERMISSION_DENIED, `${cell} ${method.path}`);
    }
  }
  assert.equal(await views('shop-a/aggregator', keys.a, 'tenant'), EVENTS, 'nothing changed through refused calls');
});

test("a record naming shop-b on shop-a's raw topic goes to shop-a's dead-letter topic and into no store", async () => {
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  try {
    const event = Event.fromPartial({
      eventId: 'smuggled-1',
      userId: 'u-smuggled',
      occurredAt: new Date(Date.UTC(2026, 10, 3, 9)),
      payload: { $case: 'view', view: { itemId: 'smuggled-item' } },
    });
    await producer.send({
      topic: 'shop-a.events.raw.v1',
      acks: -1,
      messages: [
        { key: 'u-smuggled', value: Buffer.from(Event.encode(event).finish()), headers: { 'x-tenant': 'shop-b' } },
      ],
    });
  } finally {
    await producer.disconnect();
  }
  const [letter] = await eventually('the dead letter', async () => {
    const letters = await readWholeTopic(kafka, admin, 'shop-a.events.raw.v1.dlq');
    return letters.length > 0 ? letters : undefined;
  });
  assert.equal(
    letter!.headers?.['x-error']?.toString(),
    'record of tenant shop-b on a topic of tenant shop-a: not handled',
  );
  assert.equal(letter!.headers?.['x-tenant']?.toString(), 'shop-b');
  assert.equal(await itemViews('shop-a/aggregator', keys.a, 'smuggled-item'), 0);
  assert.equal(await topicSize('shop-b.events.raw.v1.dlq'), 0);
});

test("ForgetUser in shop-a's cell forgets there and forwards on shop-a's topic; shop-b's topic stays empty", async () => {
  const privacy = new PrivacyClient(address('shop-a/aggregator'), credentials.createInsecure(), withApiKey(keys.a));
  try {
    const receipt = await unaryCall<ForgetUserReceipt>((m, o, cb) => privacy.forgetUser({ userId: 'u-0' }, m, o, cb));
    assert.deepEqual(receipt.forwardedTo, ['shop-a.privacy.forget.v1']);
    assert.ok(
      receipt.removed.some((r) => r.store === 'clickhouse' && r.rows > 0),
      "the user had rows in shop-a's store",
    );
  } finally {
    privacy.close();
  }
  assert.equal(await topicSize('shop-a.privacy.forget.v1'), 1);
  assert.equal(await topicSize('shop-b.privacy.forget.v1'), 0);
});
