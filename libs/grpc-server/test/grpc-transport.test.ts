import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import path from 'node:path';
import { credentials, loadPackageDefinition, Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { Registry } from 'prom-client';
import { FeaturesClient, FeaturesService, type GetItemStatsRequest, type ItemStats } from '@demand/contracts';
import { createLogger, initTelemetry } from '@demand/telemetry';
import { createGrpcMetrics, GrpcServerHost, unary } from '../src/index.js';

const logger = createLogger({ service: 'test', level: 'silent' });

class NotFound extends Error {
  readonly code = 'NOT_FOUND';
}

async function startFeatures(
  handler: (req: GetItemStatsRequest, traceparent: string | undefined) => Promise<ItemStats>,
) {
  const registry = new Registry();
  const metrics = createGrpcMetrics(registry);
  const host = new GrpcServerHost({
    host: '127.0.0.1',
    port: 0,
    logger,
    maxReceiveMessageBytes: 1024 * 1024,
    shutdownGraceMs: 1000,
    services: [
      {
        name: 'demand.v1.Features',
        definition: FeaturesService,
        implementation: {
          getItemStats: unary<GetItemStatsRequest, ItemStats>(
            'demand.v1.Features/GetItemStats',
            (req, call) => handler(req, call.metadata.get('traceparent')[0] as string | undefined),
            { logger, metrics },
          ),
        },
      },
    ],
  });
  const port = await host.start();
  host.setServing(true);
  return { host, port, registry };
}

function call<T>(fn: (cb: (err: ServiceError | null, res: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => fn((err, res) => (err ? reject(err) : resolve(res))));
}

test('serves a unary call on a free port and counts it', async () => {
  const { host, port, registry } = await startFeatures(async (req) => ({
    itemId: req.itemId,
    days: [],
    totals: undefined,
  }));
  const client = new FeaturesClient(`127.0.0.1:${port}`, credentials.createInsecure());
  try {
    const res = await call<ItemStats>((cb) => client.getItemStats({ itemId: 'i1', fromDay: '', toDay: '' }, cb));
    assert.equal(res.itemId, 'i1');
    assert.match(
      await registry.metrics(),
      /grpc_server_handled_total\{method="demand.v1.Features\/GetItemStats",code="OK"\} 1/,
    );
  } finally {
    client.close();
    await host.stop();
  }
});

test('domain errors keep their code and message; unknown errors leak nothing', async () => {
  let fail: Error = new NotFound('item i9 has no events');
  const { host, port } = await startFeatures(async () => {
    throw fail;
  });
  const client = new FeaturesClient(`127.0.0.1:${port}`, credentials.createInsecure());
  try {
    await assert.rejects(
      call((cb) => client.getItemStats({ itemId: 'i9', fromDay: '', toDay: '' }, cb)),
      (e: ServiceError) => e.code === status.NOT_FOUND && e.details === 'item i9 has no events',
    );
    fail = new Error('password=secret in connection string');
    await assert.rejects(
      call((cb) => client.getItemStats({ itemId: 'i9', fromDay: '', toDay: '' }, cb)),
      (e: ServiceError) => e.code === status.INTERNAL && !e.details.includes('secret'),
    );
    fail = Object.assign(new Error('ECONNREFUSED'), { transient: true });
    await assert.rejects(
      call((cb) => client.getItemStats({ itemId: 'i9', fromDay: '', toDay: '' }, cb)),
      (e: ServiceError) => e.code === status.UNAVAILABLE,
    );
  } finally {
    client.close();
    await host.stop();
  }
});

test('the caller trace context reaches the handler through metadata', async () => {
  const telemetry = initTelemetry({ serviceName: 'test' });
  let seen: string | undefined;
  const { host, port } = await startFeatures(async (req, traceparent) => {
    seen = traceparent;
    return { itemId: req.itemId, days: [] };
  });
  const client = new FeaturesClient(`127.0.0.1:${port}`, credentials.createInsecure());
  try {
    const metadata = new Metadata();
    metadata.set('traceparent', '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
    await call((cb) => client.getItemStats({ itemId: 'i1', fromDay: '', toDay: '' }, metadata, cb));
    assert.equal(seen, '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
  } finally {
    client.close();
    await host.stop();
    await telemetry.shutdown();
  }
});

test('health checking and reflection answer like any gRPC server', async () => {
  const { host, port } = await startFeatures(async (req) => ({ itemId: req.itemId, days: [] }));
  const require = createRequire(import.meta.url);
  const healthProto = require('grpc-health-check').protoPath as string;
  const reflectionProto = path.join(
    path.dirname(require.resolve('@grpc/reflection')),
    '../proto/grpc/reflection/v1/reflection.proto',
  );
  const loaded = loadPackageDefinition(
    loadSync([healthProto, reflectionProto], { keepCase: true, enums: String }),
  ) as any;
  const health = new loaded.grpc.health.v1.Health(`127.0.0.1:${port}`, credentials.createInsecure());
  const reflection = new loaded.grpc.reflection.v1.ServerReflection(`127.0.0.1:${port}`, credentials.createInsecure());
  try {
    const serving = await call<any>((cb) => health.check({ service: 'demand.v1.Features' }, cb));
    assert.equal(serving.status, 'SERVING');
    host.setServing(false);
    const notServing = await call<any>((cb) => health.check({ service: '' }, cb));
    assert.equal(notServing.status, 'NOT_SERVING');

    const stream = reflection.ServerReflectionInfo();
    const answer = new Promise<any>((resolve, reject) => {
      stream.on('data', resolve);
      stream.on('error', reject);
    });
    stream.write({ list_services: '' });
    const services = (await answer).list_services_response.service.map((s: { name: string }) => s.name);
    stream.end();
    assert.ok(services.includes('demand.v1.Features'), services.join(','));
    assert.ok(services.includes('demand.v1.Collector'));
    assert.ok(services.includes('grpc.health.v1.Health'));
  } finally {
    health.close();
    reflection.close();
    await host.stop();
  }
});
