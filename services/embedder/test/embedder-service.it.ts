import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { credentials, Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { Registry } from 'prom-client';
import { KafkaEventBus, type Subscription } from '@demand/bus';
import {
  AnalyzeRequest,
  allTopicNames,
  DialogRole,
  SemanticSearchRequest,
  TextAnalysisClient,
  TextKind,
  Topics,
  type AnalyzeResponse,
  type EmbeddingUpdated,
  type SemanticSearchResponse,
} from '@demand/contracts';
import { startLocalBroker, type LocalBroker } from '@demand/kafka-broker';
import type { RunningService } from '@demand/service-runtime';
import { loadEmbedderConfig } from '../src/config.js';
import { startEmbedder } from '../src/start-embedder.js';
import { ITEMS, itemEvent } from './support/catalog-items.js';
import { query, review, turn } from './support/fake-models.js';
import { recordingPinoLogger } from './support/recording-log.js';

let dir: string;
let broker: LocalBroker;
let service: RunningService;
let bus: KafkaEventBus;
let collector: Subscription;
let client: TextAnalysisClient;
const updates: EmbeddingUpdated[] = [];
let earlyAnswer: string;
/** Published while the service trains its first models: none may be lost. */
const EARLY_TEXTS = [
  query('early-q1', '夏季连衣裙'),
  query('early-q2', '手机'),
  turn('early-t1', '请问什么时候发货', DialogRole.DIALOG_ROLE_CUSTOMER),
];
let readinessAfterEarlyTexts: number;
const log = recordingPinoLogger();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'embedder-service-'));
  broker = await startLocalBroker({ brokers: 1, topics: allTopicNames() });
  const config = loadEmbedderConfig({
    KAFKA_BROKERS: broker.bootstrapServers.join(','),
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: '0',
    GRPC_HOST: '127.0.0.1',
    GRPC_PORT: '0',
    EMBEDDER_DATA_DIR: join(dir, 'data'),
    EMBEDDER_MODELS_DIR: join(dir, 'models'),
    // No CUDA here: the service must say so once and run on CPU.
    EMBEDDER_EXECUTION_PROVIDERS: 'cuda,cpu',
    ANALYTICS_DATA_DIR: join(dir, 'clickhouse'),
  });
  bus = new KafkaEventBus({
    clientId: 'embedder-it',
    brokers: broker.bootstrapServers,
    logger: recordingPinoLogger().logger,
    metricsRegistry: new Registry(),
  });
  // The group's first join on the local broker takes about 3 s: it joins while the service starts.
  const subscribing = bus.subscribe({
    groupId: 'embedder-it',
    topic: Topics.embeddingsUpdated,
    fromBeginning: true,
    handle: async (batch) => void updates.push(...batch.map((r) => r.value)),
  });
  // Awaited below: a rejection before then must not be an unhandled one.
  subscribing.catch(() => undefined);
  service = await startEmbedder(config, log.logger);
  client = new TextAnalysisClient(`127.0.0.1:${service.grpcPort}`, credentials.createInsecure());
  earlyAnswer = await call<AnalyzeRequest, AnalyzeResponse>(
    client.analyze,
    AnalyzeRequest.fromPartial({ text: '你好' }),
  ).then(
    () => 'answered',
    (error: ServiceError) => `${status[error.code]}: ${error.details}`,
  );
  await bus.publish(Topics.textsClean, EARLY_TEXTS);
  readinessAfterEarlyTexts = (await fetch(`http://127.0.0.1:${service.httpPort}/readyz`)).status;
  collector = await subscribing;
});

afterAll(async () => {
  client?.close();
  await collector?.stop();
  await bus?.close();
  await service?.close();
  await broker?.stop();
  await rm(dir, { recursive: true, force: true });
});

function call<Req, Res>(
  method: (request: Req, metadata: Metadata, callback: (error: ServiceError | null, response: Res) => void) => unknown,
  request: Req,
): Promise<Res> {
  return new Promise((resolve, reject) =>
    method.call(client, request, new Metadata(), (error, response) => (error ? reject(error) : resolve(response))),
  );
}

async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await sleep(250);
  }
  throw new Error(`not reached in ${timeoutMs} ms: ${String(last)}`);
}

describe('the embedder service', () => {
  it('starts before its models exist, says UNAVAILABLE meanwhile, and becomes ready once it has trained them on the generic seed, saying they are cold', async () => {
    const readyz = async () => {
      const response = await fetch(`http://127.0.0.1:${service.httpPort}/readyz`);
      return { status: response.status, body: JSON.parse(await response.text()) as { detail: Record<string, string> } };
    };
    assert.match(earlyAnswer, /^UNAVAILABLE: the default text encoder and heads are being trained; retry shortly/);
    const ready = await eventually(async () => {
      const answer = await readyz();
      return answer.status === 200 ? answer : undefined;
    }, 120_000);
    assert.match(
      ready.body.detail['text models'] ?? '',
      /^cold: text-encoder@1#[0-9a-f]{8}, sentiment-head@1, intent-head@1 not trained on the shop's own data \(not enough shop data yet \(0\/50 items, 0\/200 reviews, 0\/60 labelled customer turns\)\)/,
    );
    const metrics = await (await fetch(`http://127.0.0.1:${service.httpPort}/metrics`)).text();
    assert.match(metrics, /^embedder_encoder_unknown_token_share\{[^}]*kind="review"[^}]*\} 0(\.\d+)?$/m);
    const warnings = log.lines.filter((line) => line.level === 'warn' && /falls back to cpu/.test(line.msg));
    assert.equal(warnings.length, 1, 'the CPU fallback is logged once');
  });

  it('announces every text published on texts.clean.v1 while it was still training its first models', async () => {
    assert.equal(readinessAfterEarlyTexts, 503, 'the texts were published before the service was ready');
    const early = await eventually(async () => {
      const announced = updates.filter((u) => u.textId.startsWith('early-'));
      return announced.length >= EARLY_TEXTS.length ? announced : undefined;
    }, 120_000);
    assert.deepEqual(early.map((u) => u.textId).sort(), ['early-q1', 'early-q2', 'early-t1']);
    assert.ok(early.every((u) => u.vector.length === 256));
  });

  it('embeds items from events.clean.v1 and texts from texts.clean.v1, and announces each on embeddings.updated.v1', async () => {
    await bus.publish(
      Topics.eventsClean,
      ITEMS.map((item) => itemEvent(item)),
    );
    await eventually(
      async () =>
        updates.filter((u) => u.kind === TextKind.TEXT_KIND_ITEM).length === ITEMS.length ? true : undefined,
      60_000,
    );
    await bus.publish(Topics.textsClean, [
      review('ev-r1', 'i-1', '非常满意，连衣裙面料很舒服，推荐购买', 5),
      review('ev-r2', 'i-3', '质量太差了，用了两天就坏了，很失望', 1),
      query('ev-q1', '夏季连衣裙'),
      turn('ev-t1', '我想退货，怎么操作', DialogRole.DIALOG_ROLE_CUSTOMER),
    ]);
    const byId = await eventually(async () => {
      const announced = new Map(updates.map((u) => [u.textId, u]));
      return ['ev-r1', 'ev-r2', 'ev-q1', 'ev-t1'].every((id) => announced.has(id)) ? announced : undefined;
    }, 60_000);
    assert.equal(byId.get('ev-r1')?.sentiment?.label, 'positive');
    assert.equal(byId.get('ev-r2')?.sentiment?.label, 'negative');
    assert.equal(byId.get('ev-t1')?.intent?.label, 'return');
    assert.equal(byId.get('item:i-1')?.vector.length, 256);
    assert.match(byId.get('ev-q1')?.collection ?? '', /^queries_[0-9a-f]{8}$/);
  });

  it('searches items and reviews over gRPC, with filters', async () => {
    const dresses = await call<SemanticSearchRequest, SemanticSearchResponse>(
      client.semanticSearch,
      SemanticSearchRequest.fromPartial({ query: 'summer dress', limit: 2 }),
    );
    assert.deepEqual(dresses.hits.map((h) => h.id).sort(), ['i-1', 'i-2']);
    const phones = await call<SemanticSearchRequest, SemanticSearchResponse>(
      client.semanticSearch,
      SemanticSearchRequest.fromPartial({ query: '手机', limit: 1, filters: { categories: ['数码'] } }),
    );
    assert.equal(phones.hits[0]?.id, 'i-3');
    const complaints = await call<SemanticSearchRequest, SemanticSearchResponse>(
      client.semanticSearch,
      SemanticSearchRequest.fromPartial({
        query: '坏了',
        kind: TextKind.TEXT_KIND_REVIEW,
        limit: 5,
        filters: { sentiments: ['negative'] },
      }),
    );
    assert.deepEqual(
      complaints.hits.map((h) => h.id),
      ['ev-r2'],
    );
    assert.deepEqual(complaints.hits[0]?.categoryPath, ['数码', '手机通讯', '智能手机']);
  });

  it('analyses a text: sentiment, intent and catalog entities', async () => {
    const answer = await call<AnalyzeRequest, AnalyzeResponse>(
      client.analyze,
      AnalyzeRequest.fromPartial({ text: '收到的米果智能手机是坏的，太气人了，我要投诉' }),
    );
    assert.equal(answer.sentiment?.label, 'negative');
    assert.equal(answer.intent?.label, 'complaint');
    assert.ok(answer.entities.some((e) => e.kind === 'brand' && e.value === '米果'));
    assert.match(answer.encoderVersion, /^text-encoder@1#/);
    assert.equal(answer.cold, true, 'trained on the generic seed, not the shop');
    assert.equal(answer.intent?.cold, true);
  });
});
