import 'reflect-metadata';
import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { credentials, Metadata, type ServiceError, status } from '@grpc/grpc-js';
import { Controller, Inject, UseFilters } from '@nestjs/common';
import {
  type FeaturesController,
  FeaturesClient,
  FeaturesControllerMethods,
  FeaturesService,
  type GetItemStatsRequest,
  type ItemStats,
} from '@demand/contracts';
import { trace } from '@opentelemetry/api';
import { initTelemetry } from '@demand/telemetry';
import { GRPC_CALL_TELEMETRY, type GrpcCallTelemetry, GrpcCallRecorder, GrpcExceptionFilter } from '../src/index.js';
import { startGrpcTestServer } from '../src/testing.js';

const HANDLER = Symbol('handler');
type Handler = (req: GetItemStatsRequest) => Promise<ItemStats>;
const METHOD = 'demand.v1.Features/GetItemStats';

/** A controller that records its calls in the handler, with no interceptor. */
@Controller()
@UseFilters(GrpcExceptionFilter)
@FeaturesControllerMethods()
class RecordingFeaturesController implements FeaturesController {
  private readonly calls: GrpcCallRecorder;

  constructor(
    @Inject(HANDLER) private readonly handler: Handler,
    @Inject(GRPC_CALL_TELEMETRY) telemetry: GrpcCallTelemetry,
  ) {
    this.calls = new GrpcCallRecorder(telemetry);
  }

  getItemStats(request: GetItemStatsRequest, metadata?: Metadata): Promise<ItemStats> {
    return this.calls.run(METHOD, metadata, () => this.handler(request));
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

function call<T>(fn: (cb: (err: ServiceError | null, res: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => fn((err, res) => (err ? reject(err) : resolve(res))));
}

test('a call recorded in its handler is counted by code, errors still mapped by the filter, in the caller trace', async () => {
  const telemetry = initTelemetry({ serviceName: 'test' });
  let activeTraceId: string | undefined;
  const server = await startGrpcTestServer({
    services: { 'demand.v1.Features': FeaturesService },
    controllers: [RecordingFeaturesController],
    providers: [
      {
        provide: HANDLER,
        useValue: (async (req) => {
          activeTraceId = trace.getActiveSpan()?.spanContext().traceId;
          if (req.itemId === 'missing') throw Object.assign(new Error('no item "missing"'), { code: 'NOT_FOUND' });
          if (req.itemId === 'broken') throw new Error('password=secret in connection string');
          return { itemId: req.itemId, days: [] };
        }) satisfies Handler,
      },
    ],
  });
  const client = new FeaturesClient(server.address, credentials.createInsecure());
  const request = (itemId: string) => ({ itemId, fromDay: '', toDay: '' });
  try {
    const metadata = new Metadata();
    metadata.set('traceparent', '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
    const answer = await call<ItemStats>((cb) => client.getItemStats(request('i1'), metadata, cb));
    assert.equal(answer.itemId, 'i1');
    assert.equal(activeTraceId, '0af7651916cd43dd8448eb211c80319c', 'the handler runs in a child of the caller span');
    await assert.rejects(
      call((cb) => client.getItemStats(request('missing'), cb)),
      (e: ServiceError) => e.code === status.NOT_FOUND && e.details === 'no item "missing"',
    );
    await assert.rejects(
      call((cb) => client.getItemStats(request('broken'), cb)),
      (e: ServiceError) => e.code === status.INTERNAL && e.details === 'internal error',
    );
    const metrics = await server.registry.metrics();
    for (const code of ['OK', String(status.NOT_FOUND), String(status.INTERNAL)]) {
      assert.match(metrics, new RegExp(`grpc_server_handled_total\\{method="${METHOD}",code="${code}"\\} 1`));
    }
    assert.match(metrics, new RegExp(`grpc_server_handling_seconds_count\\{method="${METHOD}"\\} 3`));
  } finally {
    client.close();
    await server.close();
    await telemetry.shutdown();
  }
});
