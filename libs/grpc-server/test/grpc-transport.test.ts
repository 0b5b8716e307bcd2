import 'reflect-metadata';
import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import path from 'node:path';
import { credentials, loadPackageDefinition, Metadata, type ServiceError, status } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { Controller, Inject, UseFilters, UseInterceptors } from '@nestjs/common';
import {
  CollectorClient,
  type CollectorController,
  CollectorControllerMethods,
  CollectorService,
  type FeaturesController,
  FeaturesClient,
  FeaturesControllerMethods,
  FeaturesService,
  type GetItemStatsRequest,
  type ItemStats,
  type TrackRequest,
} from '@demand/contracts';
import { trace } from '@opentelemetry/api';
import { initTelemetry } from '@demand/telemetry';
import { GrpcCallInterceptor, GrpcExceptionFilter } from '../src/index.js';
import { startGrpcTestServer } from '../src/testing.js';
import { call } from './support/unary-call.js';

const HANDLER = Symbol('handler');
type Handler = (req: GetItemStatsRequest, traceparent: string | undefined) => Promise<ItemStats>;

@Controller()
@UseFilters(GrpcExceptionFilter)
@UseInterceptors(GrpcCallInterceptor)
@FeaturesControllerMethods()
class TestFeaturesController implements FeaturesController {
  constructor(@Inject(HANDLER) private readonly handler: Handler) {}

  getItemStats(request: GetItemStatsRequest, metadata?: Metadata): Promise<ItemStats> {
    return this.handler(request, metadata?.get('traceparent')[0] as string | undefined);
  }

  getUserProfile(): never {
    throw Object.assign(new Error('not in this test'), { code: 'UNIMPLEMENTED' });
  }

  getItemProfile(): never {
    throw Object.assign(new Error('not in this test'), { code: 'UNIMPLEMENTED' });
  }

  listSegments(): never {
    throw Object.assign(new Error('not in this test'), { code: 'UNIMPLEMENTED' });
  }

  getReviewInsights(): never {
    throw Object.assign(new Error('not in this test'), { code: 'UNIMPLEMENTED' });
  }
}

const tracked: TrackRequest[] = [];

@Controller()
@UseFilters(GrpcExceptionFilter)
@UseInterceptors(GrpcCallInterceptor)
@CollectorControllerMethods()
class TestCollectorController implements CollectorController {
  async track(request: TrackRequest) {
    tracked.push(request);
    return { eventId: request.event?.eventId ?? '' };
  }
  async trackBatch() {
    return { accepted: 0 };
  }
  async upsertItems() {
    return { accepted: 0 };
  }
}

class NotFound extends Error {
  readonly code = 'NOT_FOUND';
}

function startFeatures(handler: Handler) {
  return startGrpcTestServer({
    services: { 'demand.v1.Features': FeaturesService, 'demand.v1.Collector': CollectorService },
    controllers: [TestFeaturesController, TestCollectorController],
    providers: [{ provide: HANDLER, useValue: handler }],
  });
}

test('a Nest controller serves a unary call on a free port, counted by method and code', async () => {
  const server = await startFeatures(async (req) => ({ itemId: req.itemId, days: [], totals: undefined }));
  const client = new FeaturesClient(server.address, credentials.createInsecure());
  try {
    const res = await call<ItemStats>((cb) => client.getItemStats({ itemId: 'i1', fromDay: '', toDay: '' }, cb));
    assert.equal(res.itemId, 'i1');
    assert.match(
      await server.registry.metrics(),
      /grpc_server_handled_total\{method="demand.v1.Features\/GetItemStats",code="OK"\} 1/,
    );
  } finally {
    client.close();
    await server.close();
  }
});

test("ts-proto's codecs stay on the wire: Timestamps arrive as Dates and oneofs keep $case", async () => {
  const server = await startFeatures(async (req) => ({ itemId: req.itemId, days: [] }));
  const client = new CollectorClient(server.address, credentials.createInsecure());
  const occurredAt = new Date('2026-11-23T10:00:00.123Z');
  try {
    await call((cb) =>
      client.track(
        {
          event: {
            eventId: 'e-1',
            userId: 'u-1',
            sessionId: 's',
            source: 'test',
            backfill: false,
            occurredAt,
            payload: { $case: 'view', view: { itemId: 'item-1', surface: 'home', dwellMs: 5 } },
          },
        },
        cb,
      ),
    );
    const event = tracked.at(-1)?.event;
    assert.ok(event?.occurredAt instanceof Date, 'a Date, not {seconds, nanos}');
    assert.equal(event.occurredAt.toISOString(), occurredAt.toISOString());
    assert.equal(event.payload?.$case, 'view');
  } finally {
    client.close();
    await server.close();
  }
});

test('the exception filter maps domain errors to their status and leaks nothing else', async () => {
  let fail: Error = new NotFound('item i9 has no events');
  const server = await startFeatures(async () => {
    throw fail;
  });
  const client = new FeaturesClient(server.address, credentials.createInsecure());
  const request = { itemId: 'i9', fromDay: '', toDay: '' };
  try {
    await assert.rejects(
      call((cb) => client.getItemStats(request, cb)),
      (e: ServiceError) => e.code === status.NOT_FOUND && e.details === 'item i9 has no events',
    );
    fail = new Error('password=secret in connection string');
    await assert.rejects(
      call((cb) => client.getItemStats(request, cb)),
      (e: ServiceError) => e.code === status.INTERNAL && e.details === 'internal error',
    );
    fail = Object.assign(new Error('ECONNREFUSED 10.0.0.7'), { transient: true });
    await assert.rejects(
      call((cb) => client.getItemStats(request, cb)),
      (e: ServiceError) => e.code === status.UNAVAILABLE && !e.details.includes('10.0.0.7'),
    );
    assert.match(
      await server.registry.metrics(),
      new RegExp(
        `grpc_server_handled_total\\{method="demand.v1.Features/GetItemStats",code="${status.NOT_FOUND}"\\} 1`,
      ),
    );
  } finally {
    client.close();
    await server.close();
  }
});

test('the caller trace context reaches the handler through metadata', async () => {
  const telemetry = initTelemetry({ serviceName: 'test' });
  let seen: string | undefined;
  let activeTraceId: string | undefined;
  const server = await startFeatures(async (req, traceparent) => {
    seen = traceparent;
    activeTraceId = trace.getActiveSpan()?.spanContext().traceId;
    return { itemId: req.itemId, days: [] };
  });
  const client = new FeaturesClient(server.address, credentials.createInsecure());
  try {
    const metadata = new Metadata();
    metadata.set('traceparent', '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
    await call((cb) => client.getItemStats({ itemId: 'i1', fromDay: '', toDay: '' }, metadata, cb));
    assert.equal(seen, '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
    // The handler runs inside the interceptor's server span, a child in the caller's trace.
    assert.equal(activeTraceId, '0af7651916cd43dd8448eb211c80319c');
  } finally {
    client.close();
    await server.close();
    await telemetry.shutdown();
  }
});

test('health checking and reflection (what `grpcurl list` asks) answer on the same port', async () => {
  const server = await startFeatures(async (req) => ({ itemId: req.itemId, days: [] }));
  const require = createRequire(import.meta.url);
  const healthProto = require('grpc-health-check').protoPath as string;
  const reflectionProto = path.join(
    path.dirname(require.resolve('@grpc/reflection')),
    '../proto/grpc/reflection/v1/reflection.proto',
  );
  const loaded = loadPackageDefinition(
    loadSync([healthProto, reflectionProto], { keepCase: true, enums: String }),
  ) as any;
  const health = new loaded.grpc.health.v1.Health(server.address, credentials.createInsecure());
  const reflection = new loaded.grpc.reflection.v1.ServerReflection(server.address, credentials.createInsecure());
  try {
    const serving = await call<any>((cb) => health.check({ service: 'demand.v1.Features' }, cb));
    assert.equal(serving.status, 'SERVING');
    const overall = await call<any>((cb) => health.check({ service: '' }, cb));
    assert.equal(overall.status, 'SERVING');

    const stream = reflection.ServerReflectionInfo();
    const answer = new Promise<any>((resolve, reject) => {
      stream.on('data', resolve);
      stream.on('error', reject);
    });
    stream.write({ list_services: '' });
    const services = (await answer).list_services_response.service.map((s: { name: string }) => s.name);
    stream.end();
    assert.ok(services.includes('demand.v1.Features'), services.join(','));
    assert.ok(services.includes('grpc.health.v1.Health'));
  } finally {
    health.close();
    reflection.close();
    await server.close();
  }
});

test('close lets a call in flight finish within the grace time, then the port is closed', async () => {
  let release: () => void = () => undefined;
  let started: () => void = () => undefined;
  const handlerStarted = new Promise<void>((resolve) => (started = resolve));
  const server = await startFeatures((req) => {
    started();
    return new Promise<ItemStats>((resolve) => (release = () => resolve({ itemId: req.itemId, days: [] })));
  });
  const client = new FeaturesClient(server.address, credentials.createInsecure());
  try {
    const inFlight = call<ItemStats>((cb) => client.getItemStats({ itemId: 'slow', fromDay: '', toDay: '' }, cb));
    await handlerStarted;
    const closing = server.transport.close();
    setTimeout(() => release(), 100);
    assert.equal((await inFlight).itemId, 'slow');
    await closing;
    assert.throws(() => server.transport.port, /not listening/);
  } finally {
    client.close();
    await server.close();
  }
});

test('an error echoing a huge input is cut short, so the caller still gets its status and the channel stays usable', async () => {
  const server = await startFeatures(async (req) => {
    if (req.itemId.length > 10) throw new NotFound(`item ${req.itemId} not found`);
    return { itemId: req.itemId, days: [] };
  });
  const client = new FeaturesClient(server.address, credentials.createInsecure());
  try {
    const error = await call<ItemStats>((cb) =>
      client.getItemStats({ itemId: 'x'.repeat(2 * 1024 * 1024), fromDay: '', toDay: '' }, cb),
    ).catch((e: ServiceError) => e);
    assert.equal((error as ServiceError).code, status.NOT_FOUND);
    assert.ok((error as ServiceError).details.length <= 1000);
    const next = await call<ItemStats>((cb) => client.getItemStats({ itemId: 'i1', fromDay: '', toDay: '' }, cb));
    assert.equal(next.itemId, 'i1');
  } finally {
    client.close();
    await server.close();
  }
});
