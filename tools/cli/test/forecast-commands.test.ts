import 'reflect-metadata';
import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { Controller, UseFilters } from '@nestjs/common';
import {
  DemandLevel,
  DemandMovers,
  ForecastAnswer,
  type ForecastController,
  ForecastControllerMethods,
  type ForecastDemandRequest,
  type ForecastSeriesRequest,
  ForecastService,
  type ListDemandMoversRequest,
  PurchasePropensityAnswer,
  type PurchasePropensityRequest,
} from '@demand/contracts';
import { GrpcExceptionFilter } from '@demand/grpc-server';
import { startGrpcTestServer } from '@demand/grpc-server/testing';
import { runCli } from '../src/index.js';
import { capture } from './support/capture-io.js';

const seen: unknown[] = [];

@Controller()
@UseFilters(GrpcExceptionFilter)
@ForecastControllerMethods()
class FakeForecaster implements ForecastController {
  async forecastDemand(req: ForecastDemandRequest) {
    seen.push(req);
    if (req.level === DemandLevel.DEMAND_LEVEL_UNSPECIFIED)
      throw Object.assign(new Error('level: must be ITEM, CATEGORY or SHOP'), { code: 'INVALID_ARGUMENT' });
    return ForecastAnswer.fromPartial({
      method: 'ets',
      points: Array.from({ length: req.horizon }, (_, i) => ({
        timestamp: `2026-12-${String(6 + i).padStart(2, '0')}`,
        mean: 10,
        intervals: [{ level: 80, lower: 8, upper: 12 }],
      })),
    });
  }

  async forecastSeries(req: ForecastSeriesRequest) {
    seen.push(req);
    return ForecastAnswer.fromPartial({
      method: 'snaive',
      points: Array.from({ length: req.horizon }, (_, i) => ({ timestamp: String(i), mean: req.values.at(-1) })),
    });
  }

  async purchasePropensity(req: PurchasePropensityRequest) {
    seen.push(req);
    return PurchasePropensityAnswer.fromPartial({
      users: req.userIds.map((userId) => ({ userId, probability: 0.25, daysSinceActive: 3 })),
      modelAuc: 0.8,
      recencyAuc: 0.7,
    });
  }

  async listDemandMovers(req: ListDemandMoversRequest) {
    seen.push(req);
    return DemandMovers.fromPartial({
      risers: [{ id: 'item-1', category: req.category, recent: 14, prior: 28, rateRatio: 1.78, score: 0.58 }],
      measure: req.measure,
    });
  }
}

test('forecast-demand, forecast-series, propensity and demand-movers call Forecast at --forecaster and print JSON', async () => {
  seen.length = 0;
  const server = await startGrpcTestServer({
    services: { 'demand.v1.Forecast': ForecastService },
    controllers: [FakeForecaster],
  });
  try {
    const demand = capture();
    const body = '{"level":"DEMAND_LEVEL_CATEGORY","id":"服装","horizon":3}';
    assert.equal(await runCli(['--forecaster', server.address, 'forecast-demand', body], demand.io), 0);
    const answer = JSON.parse(demand.out.stdout);
    assert.equal(answer.method, 'ets');
    assert.equal(answer.points.length, 3);
    assert.deepEqual(answer.points[0].intervals, [{ level: 80, lower: 8, upper: 12 }]);
    const sent = seen[0] as ForecastDemandRequest;
    assert.equal(sent.level, DemandLevel.DEMAND_LEVEL_CATEGORY);
    assert.equal(sent.id, '服装');

    const series = capture();
    const seriesBody = '{"values":[1,2,3],"start":"2026-11-01","frequency":"daily","horizon":2}';
    assert.equal(await runCli(['--forecaster', server.address, 'forecast-series', seriesBody], series.io), 0);
    assert.deepEqual(
      JSON.parse(series.out.stdout).points.map((p: { mean: number }) => p.mean),
      [3, 3],
    );
    assert.deepEqual((seen[1] as ForecastSeriesRequest).values, [1, 2, 3]);

    const propensity = capture();
    const propensityBody = '{"userIds":["u-1","u-2"],"windowDays":14}';
    assert.equal(await runCli(['--forecaster', server.address, 'propensity', propensityBody], propensity.io), 0);
    const users = JSON.parse(propensity.out.stdout).users;
    assert.deepEqual(
      users.map((u: { userId: string }) => u.userId),
      ['u-1', 'u-2'],
    );
    assert.equal((seen[2] as PurchasePropensityRequest).windowDays, 14);

    const movers = capture();
    const moversBody = '{"level":"DEMAND_LEVEL_ITEM","category":"服装","measure":"views"}';
    assert.equal(await runCli(['--forecaster', server.address, 'demand-movers', moversBody], movers.io), 0);
    assert.deepEqual(JSON.parse(movers.out.stdout).risers[0], {
      id: 'item-1',
      category: '服装',
      recent: 14,
      prior: 28,
      rateRatio: 1.78,
      score: 0.58,
    });
    assert.equal((seen[3] as ListDemandMoversRequest).measure, 'views');

    const bad = capture();
    assert.equal(await runCli(['--forecaster', server.address, 'forecast-demand', '{"horizon":3}'], bad.io), 1);
    assert.match(bad.out.stderr, /INVALID_ARGUMENT: level/);
  } finally {
    await server.close();
  }
});

test('the usage lists the forecast commands and the forecaster default address', async () => {
  const help = capture();
  assert.equal(await runCli(['help'], help.io), 0);
  for (const name of ['forecast-demand', 'forecast-series', 'propensity', 'demand-movers', '127.0.0.1:50055'])
    assert.ok(help.out.stdout.includes(name), name);
});
