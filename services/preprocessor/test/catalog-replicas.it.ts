import { afterAll, beforeAll, test } from '@jest/globals';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { Registry } from 'prom-client';
import { allTopicNames, type CleanEvent, type CleanText, type Event, Topics } from '@demand/contracts';
import { type ConsumedRecord, KafkaEventBus } from '@demand/bus';
import { startLocalBroker, type LocalBroker } from '@demand/kafka-broker';
import type { RunningService } from '@demand/service-runtime';
import { createLogger } from '@demand/telemetry';
import { loadPreprocessorConfig, startPreprocessor } from '../src/index.js';
import { event, itemUpsert } from './support.js';

// Two preprocessor replicas on one broker: the shared catalog, and batched records with a poison event.
// Made-up three-character brands: jieba splits them unless the catalog dictionary knows them.
const BRANDS = ['星河纪', '云栖阁', '墨川坊', '青岚堂', '雾隐集', '澜汐社', '霁月庄', '苍梧记'];
const items = Array.from({ length: 16 }, (_, i) => ({
  itemId: `rep-item-${i}`,
  brand: `${BRANDS[i % 8]}${i >= 8 ? '坊' : ''}`,
}));
const logger = createLogger({ service: 'preprocessor', level: 'warn', destination: process.stderr as never });

let dir: string;
let broker: LocalBroker;
let admin: Admin;
let bus: KafkaEventBus;
const replicas: RunningService[] = [];
const clean: CleanEvent[] = [];
const texts: CleanText[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'preprocessor-replicas-'));
  broker = await startLocalBroker({ brokers: 1, topics: allTopicNames() });
  admin = new Kafka({ clientId: 'replicas-it', brokers: broker.bootstrapServers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  bus = new KafkaEventBus({
    clientId: 'replicas-it',
    brokers: broker.bootstrapServers,
    logger,
    metricsRegistry: new Registry(),
    consumer: { sessionTimeout: 6000, heartbeatInterval: 1000 },
  });
  // Each group's first join on the local broker takes about 3 s: both join at once.
  await Promise.all([
    bus.subscribe({
      groupId: 'replicas-it-clean',
      topic: Topics.eventsClean,
      fromBeginning: true,
      handle: async (batch) => void clean.push(...batch.map((r) => r.value)),
    }),
    bus.subscribe({
      groupId: 'replicas-it-texts',
      topic: Topics.textsClean,
      fromBeginning: true,
      handle: async (batch) => void texts.push(...batch.map((r) => r.value)),
    }),
  ]);
});

afterAll(async () => {
  for (const replica of replicas) await replica.close();
  await bus?.close();
  await admin?.disconnect();
  await broker?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function startReplica(name: string): Promise<RunningService> {
  const config = loadPreprocessorConfig({
    KAFKA_BROKERS: broker.bootstrapServers.join(','),
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: '0',
    PREPROCESSOR_DATA_DIR: path.join(dir, name),
    PRIVACY_PSEUDONYM_KEY: 'a test key that is long enough for hmac-sha256',
  });
  return startPreprocessor(config, logger, { inProcessWithOthers: true });
}

async function until<R>(what: string, check: () => Promise<R | undefined> | R | undefined, ms = 30_000): Promise<R> {
  const deadline = Date.now() + ms;
  for (;;) {
    const result = await check();
    if (result !== undefined) return result;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function recordsOn(topic: string): Promise<number> {
  return (await admin.fetchTopicOffsets(topic)).reduce((n, p) => n + Number(p.high), 0);
}

/** Records of `topic` this replica's consumers took, from its own /metrics. */
async function recordsConsumedBy(replica: RunningService, topic: string): Promise<number> {
  const metrics = await (await fetch(`http://127.0.0.1:${replica.httpPort}/metrics`)).text();
  const line = metrics.split('\n').find((l) => l.startsWith(`bus_records_consumed_total{topic="${topic}"`));
  return Number(line?.split(' ').pop() ?? 0);
}

const upsert = (i: number) =>
  itemUpsert(`rep-up-${i}`, { brand: items[i]!.brand, title: `${items[i]!.brand} 散粉` }, items[i]!.itemId);

test('two replicas know every item and every brand, whichever replica took the item_upsert', async () => {
  replicas.push(await startReplica('a'));
  // Before the second replica exists: it must read these whole at start.
  await bus.publish(
    Topics.eventsRaw,
    items.slice(0, 8).map((_, i) => upsert(i)),
  );
  await until('the first items on catalog.items.v1', async () =>
    (await recordsOn(Topics.catalogItems.name)) >= 8 ? true : undefined,
  );
  replicas.push(await startReplica('b'));
  // After: each replica takes some (keyed by item id) and learns the rest by following the topic.
  await bus.publish(
    Topics.eventsRaw,
    items.slice(8).map((_, i) => upsert(i + 8)),
    { batched: true },
  );
  await until('all items on catalog.items.v1', async () =>
    (await recordsOn(Topics.catalogItems.name)) >= 16 ? true : undefined,
  );
  await until('both replicas read the whole catalog', async () => {
    const read = await Promise.all(replicas.map((r) => recordsConsumedBy(r, Topics.catalogItems.name)));
    return read.every((n) => n >= 16) ? true : undefined;
  });

  const behaviour: Event[] = [];
  for (let u = 0; u < 48; u++) {
    const { itemId, brand } = items[u % 16]!;
    const userId = `rep-user-${u}`;
    behaviour.push(
      event(`rep-view-${u}`, { $case: 'view', view: { itemId, surface: 'detail', dwellMs: 900 } }, { userId }),
      event(
        `rep-review-${u}`,
        { $case: 'review', review: { itemId, rating: 5, text: `${brand}散粉很好用`, orderId: `o-${u}` } },
        { userId },
      ),
    );
  }
  const cleanBefore = clean.length;
  await bus.publish(Topics.eventsRaw, behaviour, { batched: true });
  await until('every behaviour event cleaned', () =>
    clean.length - cleanBefore >= behaviour.length ? true : undefined,
  );
  await until('every review text', () =>
    texts.filter((t) => t.sourceEventId.startsWith('rep-review-')).length >= 48 ? true : undefined,
  );

  const [a, b] = await Promise.all(replicas.map((r) => recordsConsumedBy(r, Topics.eventsRaw.name)));
  assert.ok(a! > 0 && b! > 0, `both replicas took raw records (${a}, ${b})`);
  const views = clean.filter((c) => /^rep-(view|review)-/.test(c.event?.eventId ?? ''));
  assert.equal(views.length, behaviour.length);
  assert.deepEqual(
    views.filter((c) => c.flags.includes('unknown_item')).map((c) => c.event!.eventId),
    [],
    'no replica calls a catalog item unknown',
  );
  for (const text of texts.filter((t) => t.sourceEventId.startsWith('rep-review-'))) {
    const brand = items
      .map((i) => i.brand)
      .filter((name) => text.maskedText.startsWith(name))
      .sort((x, y) => y.length - x.length)[0]!;
    assert.ok(text.tokens.includes(brand), `"${brand}" is one token in ${JSON.stringify(text.tokens)}`);
  }
});

test('a poison event inside a batched raw record goes to the DLQ alone, with its reason; the rest flows on', async () => {
  const letters: ConsumedRecord<Event>[] = [];
  await bus.subscribe({
    groupId: 'replicas-it-dlq',
    topic: { ...Topics.eventsRaw, name: Topics.eventsRaw.dlq, dlq: `${Topics.eventsRaw.dlq}.dlq` },
    fromBeginning: true,
    handle: async (batch) => void letters.push(...batch),
  });
  const { itemId } = items[0]!;
  const userId = 'rep-poisoned-user';
  const view = (eventId: string, item: string) =>
    event(eventId, { $case: 'view', view: { itemId: item, surface: 'detail', dwellMs: 900 } }, { userId });
  await bus.publish(
    Topics.eventsRaw,
    [view('rep-good-1', itemId), view('rep-poison', ''), view('rep-good-2', itemId)],
    {
      batched: true,
    },
  );
  await until('the good events cleaned', () =>
    clean.filter((c) => c.event?.eventId.startsWith('rep-good-')).length >= 2 ? true : undefined,
  );
  const [letter] = await until('the dead letter', () => (letters.length > 0 ? letters : undefined));
  assert.equal(letter!.value.eventId, 'rep-poison');
  assert.match(letter!.headers['x-error'] ?? '', /view\.item_id/);
  assert.equal(letter!.headers['x-original-index'], '1');
  assert.equal(letter!.headers['content-type'], Topics.eventsRaw.contentType);
  assert.equal(letters.length, 1, 'only the poison event was dead-lettered');
  assert.equal(clean.filter((c) => c.event?.eventId === 'rep-poison').length, 0);
});
