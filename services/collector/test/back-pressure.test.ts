import 'reflect-metadata';
import { afterEach, jest, test } from '@jest/globals';
import assert from 'node:assert/strict';
import { credentials, Metadata, type ServiceError, status } from '@grpc/grpc-js';
import {
  CollectorClient,
  CollectorService,
  Event,
  retryAfterMsOf,
  TrackBatchRequest,
  TrackBatchResponse,
  withPushback,
} from '@demand/contracts';
import { defaultEventLimits } from '@demand/event-validation';
import { GrpcCallInterceptor, RETRY_AFTER_MS } from '@demand/grpc-server';
import {
  CallRefused,
  connectCaller,
  type GrpcTestServer,
  grpcFrame,
  startGrpcTestServer,
} from '@demand/grpc-server/testing';
import { GRPC_TRANSPORT } from '@demand/service-runtime';
import { Admission, type AdmissionLimits } from '../src/domain/admission.js';
import { EventIntake } from '../src/domain/event-intake.js';
import { AdmissionInterceptor } from '../src/grpc/admission.interceptor.js';
import { CollectorGrpcController } from '../src/grpc/collector.controller.js';
import type { RawEventSink } from '../src/ports/raw-event-sink.port.js';

/** A broker that stalls: writes wait until `release()`; every event handed to it is counted. */
class StalledSink implements RawEventSink {
  received = 0;
  private waiting: (() => void)[] = [];
  stalled = true;

  async write(events: readonly Event[]): Promise<void> {
    this.received += events.length;
    if (this.stalled) await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    this.stalled = false;
    for (const resolve of this.waiting.splice(0)) resolve();
  }
}

const limits: AdmissionLimits = { maxRecordsBehind: 100, maxEventsInFlight: 250, retryAfterMs: 750 };
const now = Date.now();
const batch = (from: number, size = 100) =>
  Array.from({ length: size }, (_, i) =>
    Event.fromPartial({
      eventId: `bp-${from + i}`,
      userId: 'u-1',
      occurredAt: new Date(now - 60_000),
      payload: { $case: 'view', view: { itemId: 'i-1' } },
    }),
  );

let server: GrpcTestServer | undefined;
let client: CollectorClient | undefined;
afterEach(async () => {
  jest.restoreAllMocks();
  client?.close();
  await server?.close();
});

async function collector(sink: RawEventSink, backlog: { behind: number }) {
  const admission = new Admission({ rawRecordsBehind: async () => backlog.behind }, limits);
  server = await startGrpcTestServer({
    services: { 'demand.v1.Collector': CollectorService },
    controllers: [CollectorGrpcController],
    providers: [
      { provide: EventIntake, useValue: new EventIntake(sink, defaultEventLimits) },
      { provide: Admission, useValue: admission },
    ],
    provideTransportAs: GRPC_TRANSPORT,
  });
  client = new CollectorClient(server.address, credentials.createInsecure());
  return admission;
}

interface Answer {
  error: ServiceError | null;
  trailers: Metadata | undefined;
}

function trackBatch(events: Event[]): Promise<Answer> {
  return new Promise((resolve) => {
    let trailers: Metadata | undefined;
    const call = client!.trackBatch({ events }, new Metadata(), (error: ServiceError | null, _r: TrackBatchResponse) =>
      // 'status' is emitted before the callback on errors; read it from the error when not.
      resolve({ error, trailers: trailers ?? error?.metadata }),
    );
    call.on('status', (s) => {
      trailers = s.metadata;
    });
  });
}

function assertBusy(answer: Answer): void {
  assert.equal(answer.error?.code, status.UNAVAILABLE, answer.error?.message);
  assert.match(answer.error.details, /pipeline is busy/);
  assert.deepEqual(answer.trailers?.get(RETRY_AFTER_MS), ['750']);
  assert.deepEqual(answer.trailers?.get('grpc-retry-pushback-ms'), ['750']);
}

test('a preprocessor far behind: calls refused with UNAVAILABLE and a retry hint, nothing written; taken again once it caught up', async () => {
  const written: Event[] = [];
  const backlog = { behind: 0 };
  const admission = await collector({ write: async (events) => void written.push(...events) }, backlog);
  await admission.refresh();
  assert.equal((await trackBatch(batch(0))).error, null);

  backlog.behind = 101;
  await admission.refresh();
  assertBusy(await trackBatch(batch(100)));
  assert.equal(written.length, 100, 'the refused call wrote nothing');

  backlog.behind = 40;
  await admission.refresh();
  assert.equal((await trackBatch(batch(100))).error, null);
  assert.equal(written.length, 200);
});

test('a stalled broker: events waiting for it stay under the bound however hard clients push, and calls flow again after it recovers', async () => {
  const sink = new StalledSink();
  const admission = await collector(sink, { behind: 0 });
  const pending = [trackBatch(batch(0)), trackBatch(batch(100))];
  // Both calls reach the stalled write (a busy machine may take longer than a moment).
  for (let waited = 0; admission.state().eventsInFlight < 200 && waited < 5000; waited += 10)
    await new Promise((resolve) => setTimeout(resolve, 10));
  assert.equal(admission.state().eventsInFlight, 200);

  const pushes = await Promise.all(Array.from({ length: 20 }, (_, i) => trackBatch(batch(1_000 + i * 100))));
  for (const answer of pushes) assertBusy(answer);
  assert.equal(sink.received, 200, 'no refused event reached the producer');
  assert.ok(admission.state().eventsInFlight <= limits.maxEventsInFlight);

  sink.release();
  for (const answer of await Promise.all(pending)) assert.equal(answer.error, null);
  assert.equal(admission.state().eventsInFlight, 0, 'finished calls give their share back');
  assert.equal((await trackBatch(batch(5_000))).error, null);
});

test('a call bigger than the whole bound is still taken when nothing else is in flight (it could never be sent otherwise)', async () => {
  const admission = new Admission({ rawRecordsBehind: async () => 0 }, { ...limits, maxEventsInFlight: 10 });
  const release = admission.admit(100);
  assert.throws(() => admission.admit(1), /pipeline is busy/);
  release();
  release();
  assert.equal(admission.state().eventsInFlight, 0, 'releasing twice gives back once');
});

test('a grpc client with a retry policy for UNAVAILABLE waits as told (grpc-retry-pushback-ms) and gets through once the backlog is worked off', async () => {
  const backlog = { behind: 500 };
  const written: Event[] = [];
  const admission = await collector({ write: async (events) => void written.push(...events) }, backlog);
  await admission.refresh();
  const serviceConfig = {
    methodConfig: [
      {
        name: [{ service: 'demand.v1.Collector' }],
        retryPolicy: {
          maxAttempts: 5,
          initialBackoff: '0.01s',
          maxBackoff: '0.05s',
          backoffMultiplier: 2,
          retryableStatusCodes: ['UNAVAILABLE'],
        },
      },
    ],
  };
  const retrying = new CollectorClient(server!.address, credentials.createInsecure(), {
    'grpc.service_config': JSON.stringify(serviceConfig),
  });
  try {
    setTimeout(() => {
      backlog.behind = 0;
      void admission.refresh();
    }, 1_000);
    const started = Date.now();
    const error = await new Promise<ServiceError | null>((resolve) =>
      retrying.trackBatch({ events: batch(0) }, (e: ServiceError | null) => resolve(e)),
    );
    assert.equal(error, null);
    // Its own backoff (at most 50 ms) would have used up five attempts long before the second.
    assert.ok(Date.now() - started >= 1_000, `retried after ${Date.now() - started} ms`);
    assert.equal(written.length, 100);
  } finally {
    retrying.close();
  }
});

test('TrackBatch answered by the transport, past Nest: errors, refusals, successes answered and counted', async () => {
  const written: Event[] = [];
  const backlog = { behind: 0 };
  const admission = await collector({ write: async (events) => void written.push(...events) }, backlog);
  const nestInterceptors = [
    jest.spyOn(GrpcCallInterceptor.prototype, 'intercept'),
    jest.spyOn(AdmissionInterceptor.prototype, 'intercept'),
  ];
  await admission.refresh();
  assert.equal((await trackBatch(batch(0, 3))).error, null);

  const invalid = await trackBatch([...batch(10, 2), Event.fromPartial({ eventId: 'no-user' })]);
  assert.equal(invalid.error?.code, status.INVALID_ARGUMENT, invalid.error?.message);
  assert.match(invalid.error.details, /events\[2\]/);
  assert.equal(admission.state().eventsInFlight, 0, 'a refused batch gives its share back');

  backlog.behind = 101;
  await admission.refresh();
  assertBusy(await trackBatch(batch(20)));
  assert.equal(written.length, 3, 'only the valid, admitted call was written');

  const handled = await server!.registry.getSingleMetricAsString('grpc_server_handled_total');
  for (const code of ['OK', String(status.INVALID_ARGUMENT), String(status.UNAVAILABLE)])
    assert.match(handled, new RegExp(`method="demand.v1.Collector/TrackBatch",code="${code}"} 1\\b`), handled);
  const latency = await server!.registry.getSingleMetricAsString('grpc_server_handling_seconds');
  assert.match(latency, /grpc_server_handling_seconds_count\{method="demand.v1.Collector\/TrackBatch"} 3\b/, latency);
  for (const spy of nestInterceptors) assert.equal(spy.mock.calls.length, 0, 'TrackBatch went through Nest');
});

test('the http2 caller: a refusal is UNAVAILABLE with its hint and sent again; INVALID_ARGUMENT thrown at once', async () => {
  const written: Event[] = [];
  const backlog = { behind: 101 };
  const admission = await collector({ write: async (events) => void written.push(...events) }, backlog);
  await admission.refresh();
  const caller = await connectCaller(server!.address, CollectorService.trackBatch.path);
  const frame = (events: Event[]) => grpcFrame(TrackBatchRequest.encode({ events }).finish());
  try {
    const refused = await caller.call(frame(batch(0))).then(
      () => assert.fail('taken while behind'),
      (e) => e,
    );
    assert.ok(refused instanceof CallRefused, String(refused));
    assert.equal(refused.code, status.UNAVAILABLE);
    assert.equal(retryAfterMsOf(refused), limits.retryAfterMs);

    setTimeout(() => {
      backlog.behind = 0;
      void admission.refresh();
    }, 300);
    let sent = 0;
    const answer = await withPushback(() => (sent++, caller.call(frame(batch(0)))));
    assert.equal(TrackBatchResponse.decode(answer).accepted, 100);
    assert.equal(sent, 2, 'sent again once, after the hinted pause');
    assert.equal(written.length, 100);

    let invalidSent = 0;
    const noUser = [Event.fromPartial({ eventId: 'no-user' })];
    await assert.rejects(
      withPushback(() => (invalidSent++, caller.call(frame(noUser)))),
      (e) => e instanceof CallRefused && e.code === status.INVALID_ARGUMENT,
    );
    assert.equal(invalidSent, 1);
  } finally {
    caller.close();
  }
});
