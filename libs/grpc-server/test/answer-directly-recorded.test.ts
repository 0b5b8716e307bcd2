import 'reflect-metadata';
import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { credentials, Metadata, type ServiceError, status } from '@grpc/grpc-js';
import { Controller, Inject, UseFilters } from '@nestjs/common';
import { FeaturesClient, FeaturesControllerMethods, FeaturesService, type ItemStats } from '@demand/contracts';
import {
  answerDirectlyRecorded,
  GRPC_CALL_TELEMETRY,
  GrpcCallRecorder,
  type GrpcCallTelemetry,
  GrpcExceptionFilter,
  type GrpcTransport,
} from '../src/index.js';
import { startGrpcTestServer } from '../src/testing.js';
import { call } from './support/unary-call.js';

const TRANSPORT = Symbol('transport');
const seen: [string, string | undefined][] = [];

@Controller()
@UseFilters(GrpcExceptionFilter)
@FeaturesControllerMethods()
class RecordedController {
  constructor(@Inject(GRPC_CALL_TELEMETRY) telemetry: GrpcCallTelemetry, @Inject(TRANSPORT) transport: GrpcTransport) {
    answerDirectlyRecorded(
      transport,
      new GrpcCallRecorder(telemetry),
      FeaturesService.getItemStats.path,
      async ({ itemId }: { itemId: string }, metadata) => {
        seen.push([itemId, metadata.get('x-tenant')[0] as string | undefined]);
        if (itemId === 'i9') throw Object.assign(new Error('no item i9'), { code: 'NOT_FOUND' });
        return { itemId, days: [] } satisfies ItemStats;
      },
    );
  }
  getItemStats(): never {
    throw new Error('Nest’s handler called');
  }
  getUserProfile(): never {
    throw new Error('not in this test');
  }
  getItemProfile(): never {
    throw new Error('not in this test');
  }
  listSegments(): never {
    throw new Error('not in this test');
  }
  getReviewInsights(): never {
    throw new Error('not in this test');
  }
}

test('answerDirectlyRecorded: the handler answers with the request and metadata, each call counted and timed', async () => {
  const server = await startGrpcTestServer({
    services: { 'demand.v1.Features': FeaturesService },
    controllers: [RecordedController],
    provideTransportAs: TRANSPORT,
  });
  const client = new FeaturesClient(server.address, credentials.createInsecure());
  const metadata = new Metadata();
  metadata.set('x-tenant', 'shop-1');
  const ask = (itemId: string) =>
    call<ItemStats>((cb) => client.getItemStats({ itemId, fromDay: '', toDay: '' }, metadata, cb));
  try {
    assert.equal((await ask('i1')).itemId, 'i1');
    await assert.rejects(ask('i9'), (e: ServiceError) => e.code === status.NOT_FOUND && e.details === 'no item i9');
    assert.deepEqual(seen, [
      ['i1', 'shop-1'],
      ['i9', 'shop-1'],
    ]);
    const handled = await server.registry.getSingleMetricAsString('grpc_server_handled_total');
    for (const code of ['OK', String(status.NOT_FOUND)])
      assert.match(handled, new RegExp(`method="demand.v1.Features/GetItemStats",code="${code}"} 1\\b`), handled);
    const latency = await server.registry.getSingleMetricAsString('grpc_server_handling_seconds');
    assert.match(
      latency,
      /grpc_server_handling_seconds_count\{method="demand.v1.Features\/GetItemStats"} 2\b/,
      latency,
    );
  } finally {
    client.close();
    await server.close();
  }
});
