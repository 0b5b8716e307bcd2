import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, test } from '@jest/globals';
import { credentials, type ServiceError } from '@grpc/grpc-js';
import { Registry } from 'prom-client';
import { KafkaEventBus } from '@demand/bus';
import { allTopicNames, RecommendClient, type RecommendResponse, Topics } from '@demand/contracts';
import { type LocalBroker, startLocalBroker } from '@demand/kafka-broker';
import type { RunningService } from '@demand/service-runtime';
import { createLogger } from '@demand/telemetry';
import { loadRecommenderConfig } from '../src/config.js';
import { ModelRefresher } from '../src/domain/model-refresher.js';
import { startRecommender } from '../src/start-recommender.js';

let dir: string;
let broker: LocalBroker;
let service: RunningService;
let client: RecommendClient;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'recommender-start-'));
  broker = await startLocalBroker({ brokers: 1, topics: allTopicNames() });
  const config = loadRecommenderConfig({
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: '0',
    GRPC_HOST: '127.0.0.1',
    GRPC_PORT: '0',
    KAFKA_BROKERS: broker.bootstrapServers.join(','),
    KAFKAJS_NO_PARTITIONER_WARNING: '1',
    ANALYTICS_DATA_DIR: path.join(dir, 'clickhouse'),
    LOG_LEVEL: 'warn',
  });
  service = await startRecommender(
    config,
    createLogger({ service: 'recommender', level: 'warn', destination: process.stderr as never }),
  );
  client = new RecommendClient(`127.0.0.1:${service.grpcPort}`, credentials.createInsecure());
}, 120_000);

afterAll(async () => {
  client?.close();
  await service?.close();
  await broker?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('with an empty store (no events, no items, not even the aggregator’s tables) it starts and answers a cold list', async () => {
  const answer = await new Promise<RecommendResponse>((resolve, reject) =>
    client.recommend(
      { userId: 'u1', page: 'home', currentItemId: '', count: 5, filters: undefined, recentItemIds: [] },
      (err: ServiceError | null, res: RecommendResponse) => (err ? reject(err) : resolve(res)),
    ),
  );
  assert.equal(answer.coldStart, true);
  assert.deepEqual(answer.items, []);
  assert.match(answer.modelVersions.ranker ?? '', /^cold_popular@/);
  // Ready (the cold list serves), and /readyz says it is the cold list, not a trained model.
  const ready = JSON.parse(await (await fetch(`http://127.0.0.1:${service.httpPort}/readyz`)).text());
  assert.equal(ready.ready, true);
  assert.match(ready.detail['recommender model'].serving, /^(nothing yet|cold list)$/);
  // Whether the serving model has reached every place lists are computed (no serving threads here: at once).
  assert.deepEqual(ready.detail['serving lists'], { everywhere: true, threads: 0 });
  // What the stored lists do is on /metrics, per outcome and arm variant.
  const metrics = await (await fetch(`http://127.0.0.1:${service.httpPort}/metrics`)).text();
  assert.match(metrics, /recommender_stored_lists_total\{outcome="served",variant="learned"[^}]*\} \d+/);
  // And what the live history holds and took in.
  assert.match(metrics, /recommender_live_history_users(\{[^}]*\})? \d+/);
  assert.match(metrics, /recommender_live_history_events_total(\{[^}]*\})? \d+/);
}, 60_000);

test('training.requested.v1 naming "recommender" runs one more training; requests for other models do not', async () => {
  const refresher = service.app.get(ModelRefresher);
  const version = (): number | undefined => refresher.status?.version;
  const deadline = Date.now() + 30_000;
  while (version() === undefined && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  assert.equal(version(), 1);
  const logger = createLogger({ service: 'recommender-it', level: 'warn', destination: process.stderr as never });
  const bus = new KafkaEventBus({
    clientId: 'recommender-it',
    brokers: broker.bootstrapServers,
    logger,
    metricsRegistry: new Registry(),
  });
  try {
    const requestedAt = new Date().toISOString();
    await bus.publish(Topics.trainingRequested, [
      { model: 'demand-forecast', reason: 'drift', requestedAt },
      { model: 'recommender', reason: 'drift: score_psi', requestedAt },
    ]);
    while (version() !== 2 && Date.now() < deadline + 30_000) await new Promise((r) => setTimeout(r, 100));
    assert.equal(version(), 2);
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(version(), 2, 'the forecaster’s request does not retrain the recommender');
  } finally {
    await bus.close();
  }
}, 90_000);
