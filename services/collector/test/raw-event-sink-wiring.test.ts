import { test } from '@jest/globals';
import { status as GrpcStatus } from '@grpc/grpc-js';
import assert from 'node:assert/strict';
import { BusError, type EventBus } from '@demand/bus';
import { Event } from '@demand/contracts';
import { toGrpcStatus } from '@demand/grpc-server';
import { Lifecycle } from '@demand/service-runtime';
import { createLogger } from '@demand/telemetry';
import { BusRawEventSink } from '../src/adapters/bus-raw-event-sink.adapter.js';
import { rawEventSink } from '../src/collector.module.js';
import { loadCollectorConfig } from '../src/config.js';

const at = new Date('2026-11-23T12:00:00Z');
const view = (eventId: string) =>
  Event.fromPartial({ eventId, userId: 'u-1', occurredAt: at, receivedAt: at, payload: { $case: 'view', view: {} } });

/** The bus as the service wires it: closed by its own lifecycle step, added before the sink's (so stopped after). */
function wired(lingerMs: string) {
  const log: string[] = [];
  let closed = false;
  const bus = {
    async publish(_topic: unknown, messages: readonly Event[]) {
      if (closed) throw new BusError('the event bus is closed', { transient: false });
      log.push(`publish ${messages.map((e) => e.eventId).join(',')}`);
    },
    async close() {
      closed = true;
      log.push('close');
    },
  } as unknown as EventBus;
  const lifecycle = new Lifecycle(createLogger({ service: 'test', level: 'silent' }));
  lifecycle.add(
    'event bus',
    async () => undefined,
    () => bus.close(),
  );
  const sink = rawEventSink(loadCollectorConfig({ COLLECTOR_RECORD_LINGER_MS: lingerMs }), bus, lifecycle);
  return { log, lifecycle, sink };
}

test('at stop a waiting call is written before the bus closes, and answered', async () => {
  const { log, lifecycle, sink } = wired('1000');
  await lifecycle.startAll();
  let answered = false;
  const written = sink.write([view('a1')]).then(() => (answered = true));
  await lifecycle.stopAll();
  await written;
  assert.equal(answered, true);
  assert.deepEqual(log, ['publish a1', 'close']);
});

test('a call after stop is refused at once as retryable (UNAVAILABLE), not written to the closed bus', async () => {
  const { log, lifecycle, sink } = wired('1000');
  await lifecycle.startAll();
  await lifecycle.stopAll();
  const refused = await sink.write([view('late')]).then(
    () => undefined,
    (error: unknown) => error,
  );
  assert.equal((refused as { transient?: unknown }).transient, true);
  assert.equal(toGrpcStatus(refused).code, GrpcStatus.UNAVAILABLE);
  assert.deepEqual(log, ['close']);
});

test('linger 0 wires the plain bus writer: one record per call, no lingering sink', () => {
  const { sink } = wired('0');
  assert.equal(sink.constructor, BusRawEventSink);
});
