import 'reflect-metadata';
import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { credentials, Metadata, type ServiceError, status } from '@grpc/grpc-js';
import { Controller, Inject, UseFilters } from '@nestjs/common';
import {
  type RecommendController,
  RecommendClient,
  RecommendControllerMethods,
  type RecommendRequest,
  type RecommendResponse,
  RecommendService,
} from '@demand/contracts';
import { trace } from '@opentelemetry/api';
import { initTelemetry, SpanKind, type TelemetryOptions } from '@demand/telemetry';
import { GRPC_CALL_TELEMETRY, type GrpcCallTelemetry, GrpcCallRecorder, GrpcExceptionFilter } from '../src/index.js';
import { startGrpcTestServer } from '../src/testing.js';
import { call } from './support/unary-call.js';

const METHOD = 'demand.v1.Recommend/Recommend';
let activeTraceId: string | undefined;

/** A controller that records its calls in the handler, with no interceptor. */
@Controller()
@UseFilters(GrpcExceptionFilter)
@RecommendControllerMethods()
class RecordingController implements RecommendController {
  private readonly calls: GrpcCallRecorder;

  constructor(@Inject(GRPC_CALL_TELEMETRY) telemetry: GrpcCallTelemetry) {
    this.calls = new GrpcCallRecorder(telemetry);
  }

  recommend(request: RecommendRequest, metadata?: Metadata): Promise<RecommendResponse> {
    return this.calls.run(METHOD, metadata, async () => {
      activeTraceId = trace.getActiveSpan()?.spanContext().traceId;
      if (request.userId === 'missing') throw Object.assign(new Error('no user "missing"'), { code: 'NOT_FOUND' });
      if (request.userId === 'broken') throw new Error('password=secret in connection string');
      return { recommendationId: `for ${request.userId}`, items: [], coldStart: true, arm: '', modelVersions: {} };
    });
  }

  similarItems(): never {
    throw Object.assign(new Error('not in this test'), { code: 'UNIMPLEMENTED' });
  }
}

test('a call recorded in its handler is counted by code, errors still mapped by the filter, in the caller trace', async () => {
  const telemetry = initTelemetry({ serviceName: 'test' });
  const server = await startGrpcTestServer({
    services: { 'demand.v1.Recommend': RecommendService },
    controllers: [RecordingController],
  });
  const client = new RecommendClient(server.address, credentials.createInsecure());
  const request = (userId: string) => ({ userId, page: '', currentItemId: '', count: 1, recentItemIds: [] });
  try {
    const metadata = new Metadata();
    metadata.set('traceparent', '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
    const answer = await call<RecommendResponse>((cb) => client.recommend(request('u1'), metadata, cb));
    assert.equal(answer.recommendationId, 'for u1');
    assert.equal(activeTraceId, '0af7651916cd43dd8448eb211c80319c', 'the handler runs in a child of the caller span');
    await assert.rejects(
      call((cb) => client.recommend(request('missing'), cb)),
      (e: ServiceError) => e.code === status.NOT_FOUND && e.details === 'no user "missing"',
    );
    await assert.rejects(
      call((cb) => client.recommend(request('broken'), cb)),
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

test('when spans are recorded, a call’s server span carries its method, in the caller trace', async () => {
  type Processor = NonNullable<TelemetryOptions['spanProcessors']>[number];
  const ended: Parameters<Processor['onEnd']>[0][] = [];
  const recorder: Processor = {
    onStart: () => undefined,
    onEnd: (span) => void ended.push(span),
    forceFlush: async () => undefined,
    shutdown: async () => undefined,
  };
  const telemetry = initTelemetry({ serviceName: 'test', spanProcessors: [recorder] });
  const server = await startGrpcTestServer({
    services: { 'demand.v1.Recommend': RecommendService },
    controllers: [RecordingController],
  });
  const client = new RecommendClient(server.address, credentials.createInsecure());
  try {
    const metadata = new Metadata();
    metadata.set('traceparent', '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
    const request = { userId: 'u2', page: '', currentItemId: '', count: 1, recentItemIds: [] };
    await call<RecommendResponse>((cb) => client.recommend(request, metadata, cb));
    const spans = ended.filter((span) => span.name === METHOD);
    assert.equal(spans.length, 1);
    const [span] = spans;
    assert.equal(span!.kind, SpanKind.SERVER);
    assert.deepEqual(span!.attributes, { 'rpc.system': 'grpc', 'rpc.method': METHOD });
    assert.equal(span!.spanContext().traceId, '0af7651916cd43dd8448eb211c80319c');
    assert.equal(span!.parentSpanContext?.spanId, 'b7ad6b7169203331');
  } finally {
    client.close();
    await server.close();
    await telemetry.shutdown();
  }
});
