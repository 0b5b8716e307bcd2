import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, test } from '@jest/globals';
import { credentials, type ServiceError, status } from '@grpc/grpc-js';
import { DemandLevel, ForecastClient, type ForecastSeriesRequest } from '@demand/contracts';
import type { RunningService } from '@demand/service-runtime';
import { createLogger } from '@demand/telemetry';
import { loadForecasterConfig } from '../src/config.js';
import { startForecaster } from '../src/start-forecaster.js';

let dir: string;
let service: RunningService;
let client: ForecastClient;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'forecaster-grpc-'));
  const config = loadForecasterConfig({
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: '0',
    GRPC_HOST: '127.0.0.1',
    GRPC_PORT: '0',
    ANALYTICS_DATA_DIR: path.join(dir, 'clickhouse'),
    FORECAST_WORKERS: '1',
    // this test has no broker: fits on request only (the scheduled set is tested in forecast-refresh.it.ts)
    FORECAST_REFRESH_MS: '0',
    LOG_LEVEL: 'warn',
  });
  service = await startForecaster(
    config,
    createLogger({ service: 'forecaster', level: 'warn', destination: process.stderr as never }),
  );
  client = new ForecastClient(`127.0.0.1:${service.grpcPort}`, credentials.createInsecure());
}, 60_000);

afterAll(async () => {
  client?.close();
  await service?.close();
  rmSync(dir, { recursive: true, force: true });
});

const call = (request: Partial<ForecastSeriesRequest>) =>
  new Promise<{ error: ServiceError | null; answer?: unknown }>((resolve) =>
    client.forecastSeries(
      {
        values: [],
        timestamps: [],
        start: '',
        frequency: '',
        seasonalPeriods: [],
        horizon: 0,
        levels: [],
        drivers: [],
        ...request,
      },
      (error, answer) => resolve({ error, answer }),
    ),
  );

test('ForecastSeries over a real channel: a forecast fitted in a worker thread, and INVALID_ARGUMENT naming the field', async () => {
  const values = Array.from({ length: 36 }, (_, i) => 50 + 10 * Math.sin((2 * Math.PI * i) / 12) + i);
  const ok = await call({ values, start: '2023-01-01T00:00:00Z', frequency: 'monthly', horizon: 3 });
  assert.equal(ok.error, null);
  const answer = ok.answer as { points: { timestamp: string; intervals: unknown[] }[]; method: string };
  assert.equal(answer.points.length, 3);
  assert.equal(answer.points[0]!.timestamp, '2026-01-01T00:00:00.000Z');
  assert.equal(answer.points[0]!.intervals.length, 2);
  const bad = await call({ values, start: '2023-01-01T00:00:00Z', frequency: 'fortnightly', horizon: 3 });
  assert.equal(bad.error?.code, status.INVALID_ARGUMENT);
  assert.match(bad.error!.details, /^frequency: /);
}, 60_000);

test('ForecastDemand over a real channel: the frequency travels and an unknown one is INVALID_ARGUMENT naming it', async () => {
  // checked before any read (this service has no aggregator tables behind it)
  const error = await new Promise<ServiceError | null>((resolve) =>
    client.forecastDemand(
      { level: DemandLevel.DEMAND_LEVEL_SHOP, id: '', horizon: 2, levels: [], frequency: 'hourly' },
      (e) => resolve(e),
    ),
  );
  assert.equal(error?.code, status.INVALID_ARGUMENT);
  assert.match(error!.details, /^frequency: unknown frequency "hourly"/);
}, 60_000);

test('ListDemandMovers over a real channel: SHOP level and a bad measure are INVALID_ARGUMENT naming the field', async () => {
  const moversError = (level: DemandLevel, measure: string) =>
    new Promise<ServiceError | null>((resolve) =>
      client.listDemandMovers(
        { level, category: '', measure, recentDays: 0, priorDays: 0, throughDay: '', limit: 0 },
        (e) => resolve(e),
      ),
    );
  const shop = await moversError(DemandLevel.DEMAND_LEVEL_SHOP, '');
  assert.equal(shop?.code, status.INVALID_ARGUMENT);
  assert.match(shop!.details, /^level: must be ITEM or CATEGORY/);
  const measure = await moversError(DemandLevel.DEMAND_LEVEL_ITEM, 'revenue');
  assert.equal(measure?.code, status.INVALID_ARGUMENT);
  assert.match(measure!.details, /^measure: unknown measure "revenue"/);
}, 60_000);
