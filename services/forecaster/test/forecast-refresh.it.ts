import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, test } from '@jest/globals';
import { credentials } from '@grpc/grpc-js';
import { Registry } from 'prom-client';
import { type AnalyticsStore, createAnalyticsStore, runMigrations } from '@demand/analytics-store';
import { KafkaEventBus, type Subscription } from '@demand/bus';
import {
  allTopicNames,
  DemandLevel,
  ForecastClient,
  type ForecastAnswer,
  type ForecastUpdated,
  Topics,
} from '@demand/contracts';
import { startLocalBroker, type LocalBroker } from '@demand/kafka-broker';
import { DirectoryModelStore } from '@demand/model-store';
import type { RunningService } from '@demand/service-runtime';
import { createLogger } from '@demand/telemetry';
import { loadForecasterConfig } from '../src/config.js';
import { startForecaster } from '../src/start-forecaster.js';

// The forecaster reads the aggregator's tables, so the test builds them with the aggregator's migrations.
const aggregatorMigrations = fileURLToPath(new URL('../../../aggregator/migrations', import.meta.url));
const DAY = 86_400_000;
const WEEK = [1.3, 0.8, 0.9, 1, 1, 1.1, 1.4];
const ITEMS = [
  { id: 'i1', category: 'shoes', base: 9 },
  { id: 'i2', category: 'shoes', base: 4 },
  { id: 'i3', category: 'tea', base: 14 },
];

let dir: string;
let analytics: AnalyticsStore;
let broker: LocalBroker;
let bus: KafkaEventBus;
let subscription: Subscription;
let service: RunningService;
let client: ForecastClient;
const updates: ForecastUpdated[] = [];
const logger = () => createLogger({ service: 'forecaster', level: 'warn', destination: process.stderr as never });

async function eventually<T>(probe: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'forecaster-refresh-'));
  analytics = createAnalyticsStore({ mode: 'embedded', path: path.join(dir, 'clickhouse') });
  await runMigrations(analytics, { owner: 'aggregator', directory: aggregatorMigrations });
  await analytics.insert(
    'items',
    ITEMS.map(({ id, category }) => ({
      item_id: id,
      title: id,
      description: '',
      brand: '',
      category_path: [category, 'leaf'],
      price: 1,
      currency: 'CNY',
      attributes: {},
      stock: 1,
      updated_at: '2026-01-01 00:00:00.000',
    })),
  );
  const today = Math.floor(Date.now() / DAY) * DAY;
  const events = [];
  for (let d = 1; d <= 70; d++) {
    const t = today - d * DAY;
    const at = `${new Date(t + 12 * 3_600_000).toISOString().replace('T', ' ').slice(0, 23)}`;
    for (const item of ITEMS) {
      const quantity = Math.max(1, Math.round(item.base * WEEK[Math.round(t / DAY) % 7]! + ((d * 7) % 3) - 1));
      events.push({
        event_id: `${item.id}-${d}`,
        kind: 'purchase',
        user_id: `u${d % 5}`,
        session_id: 's',
        item_id: item.id,
        occurred_at: at,
        received_at: at,
        source: 'web',
        quantity,
        unit_price: 5,
        currency: 'CNY',
        rating: 0,
        text: '',
        query: '',
        order_id: `o${d}`,
        flags: [],
      });
    }
  }
  await analytics.insert('clean_events', events);
  broker = await startLocalBroker({ brokers: 1, topics: allTopicNames() });
  bus = new KafkaEventBus({
    clientId: 'forecaster-it',
    brokers: broker.bootstrapServers,
    logger: logger(),
    metricsRegistry: new Registry(),
  });
  const config = loadForecasterConfig({
    KAFKA_BROKERS: broker.bootstrapServers.join(','),
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: '0',
    GRPC_HOST: '127.0.0.1',
    GRPC_PORT: '0',
    FORECAST_REFRESH_MS: '3600000',
    FORECAST_TICK_MS: '1000',
    FORECAST_REFRESH_HORIZON: '7',
    FORECAST_HISTORY_DAYS: '56',
    FORECAST_MODELS_DIR: path.join(dir, 'models'),
    LOG_LEVEL: 'warn',
  });
  // Each group's first join on the local broker takes about 3 s: the test's and the service's join at once.
  // Each is kept as it comes, so that afterAll closes whatever started even when the other one failed.
  await Promise.all([
    bus
      .subscribe({
        groupId: 'forecaster-it',
        topic: Topics.forecastsUpdated,
        fromBeginning: true,
        handle: async (batch) => void updates.push(...batch.map((r) => r.value)),
      })
      .then((s) => (subscription = s)),
    startForecaster(config, logger(), { analytics }).then((s) => (service = s)),
  ]);
  client = new ForecastClient(`127.0.0.1:${service.grpcPort}`, credentials.createInsecure());
}, 120_000);

afterAll(async () => {
  client?.close();
  await service?.close();
  await subscription?.stop();
  await bus?.close();
  await broker?.stop();
  await analytics?.close();
  rmSync(dir, { recursive: true, force: true });
});

const demand = (level: DemandLevel, id: string) =>
  new Promise<ForecastAnswer>((resolve, reject) =>
    client.forecastDemand({ level, id, horizon: 7, levels: [], frequency: '' }, (error, answer) =>
      error ? reject(error) : resolve(answer),
    ),
  );

const ofVersion = (version: string) => {
  const set = updates.filter((u) => u.modelVersion === version);
  return set.length >= 6 ? set : undefined;
};

test('the scheduled set is published, recorded as a version, served coherently, and refitted on training.requested.v1', async () => {
  const first = await eventually(() => ofVersion('demand-forecast@1'), 90_000, 'the first fitted set');
  assert.deepEqual(first.map((u) => Topics.forecastsUpdated.keyOf(u)).sort(), [
    'category:shoes',
    'category:tea',
    'item:i1',
    'item:i2',
    'item:i3',
    'shop',
  ]);
  assert.ok(first.every((u) => u.kind === 'refit' && u.points.length === 7 && u.points[0]!.intervals.length === 2));

  const version = await new DirectoryModelStore({ root: path.join(dir, 'models') }).latest('demand-forecast');
  assert.ok(version);
  assert.equal(version.version, 1);
  assert.equal((version.metadata['dataWindow'] as { through: string }).through, first[0]!.dataThrough);
  assert.ok(version.files.some((f) => f.name === 'metrics.json'));

  const shoes = await demand(DemandLevel.DEMAND_LEVEL_CATEGORY, 'shoes');
  const [i1, i2] = await Promise.all([
    demand(DemandLevel.DEMAND_LEVEL_ITEM, 'i1'),
    demand(DemandLevel.DEMAND_LEVEL_ITEM, 'i2'),
  ]);
  assert.match(shoes.notes.join(' '), /demand-forecast@1/);
  shoes.points.forEach((p, i) => assert.ok(Math.abs(p.mean - i1.points[i]!.mean - i2.points[i]!.mean) < 1e-6));

  await bus.publish(Topics.trainingRequested, [
    { model: 'demand-forecast', reason: 'drift', requestedAt: new Date().toISOString() },
  ]);
  const second = await eventually(() => ofVersion('demand-forecast@2'), 90_000, 'the refit after the request');
  assert.ok(second.every((u) => u.kind === 'refit'));
}, 200_000);
