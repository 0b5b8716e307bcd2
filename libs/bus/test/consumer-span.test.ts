import { afterEach, test } from '@jest/globals';
import assert from 'node:assert/strict';
import {
  propagation,
  trace,
  type Attributes,
  type Link,
  type SpanContext,
  type TextMapPropagator,
} from '@opentelemetry/api';
import { initTelemetry, type Telemetry } from '@demand/telemetry';
import { inConsumerSpan } from '../src/tracing.js';

interface EndedSpan {
  name: string;
  attributes: Attributes;
  links: Link[];
  parentSpanContext?: SpanContext;
  spanContext(): SpanContext;
}

const where = { topic: 'orders.v1', groupId: 'g', partition: 2 };
const traceA = '0af7651916cd43dd8448eb211c80319c';
const traceB = '4bf92f3577b34da6a3ce929d0e0e4736';
const traceparent = (traceId: string, spanId: string, flags: string) => ({
  traceparent: `00-${traceId}-${spanId}-${flags}`,
});

let telemetry: Telemetry | undefined;
afterEach(async () => {
  await telemetry?.shutdown();
  telemetry = undefined;
  propagation.disable(); // a test's counting propagator must not reach the next one
});

function recordSpans(): EndedSpan[] {
  const ended: EndedSpan[] = [];
  telemetry = initTelemetry({
    serviceName: 'bus-test',
    spanProcessors: [
      {
        onStart: () => undefined,
        onEnd: (span: EndedSpan) => void ended.push(span),
        forceFlush: async () => undefined,
        shutdown: async () => undefined,
      },
    ],
  });
  return ended;
}

test('a sampled consumer span continues the first valid trace, links each distinct trace, has attributes', async () => {
  const ended = recordSpans();
  const shared = traceparent(traceB, '00f067aa0ba902b7', '01');
  const headers: Record<string, string>[] = [
    {},
    { traceparent: 'not a traceparent' },
    traceparent(traceA, 'b7ad6b7169203331', '01'),
    shared,
    shared,
    { ...traceparent(traceB, '00f067aa0ba902b7', '01') },
    traceparent(traceA, 'b7ad6b7169203331', '01'),
  ];
  const activeTrace = await inConsumerSpan(where, headers, async () => trace.getActiveSpan()?.spanContext().traceId);

  assert.equal(activeTrace, traceA);
  assert.equal(ended.length, 1);
  const [span] = ended;
  assert.equal(span!.name, 'process orders.v1');
  assert.equal(span!.parentSpanContext?.spanId, 'b7ad6b7169203331');
  assert.deepEqual(
    span!.links.map((link) => `${link.context.traceId}/${link.context.spanId}`),
    [`${traceA}/b7ad6b7169203331`, `${traceB}/00f067aa0ba902b7`],
  );
  assert.deepEqual(span!.attributes, {
    'messaging.system': 'kafka',
    'messaging.operation.type': 'process',
    'messaging.destination.name': 'orders.v1',
    'messaging.consumer.group.name': 'g',
    'messaging.destination.partition.id': '2',
    'messaging.batch.message_count': 7,
  });
});

test('a sampled consumer span keeps at most 64 links', async () => {
  const ended = recordSpans();
  const headers = Array.from({ length: 70 }, (_, i) =>
    traceparent(traceA, `b7ad6b71692${String(i).padStart(5, '0')}`, '01'),
  );
  await inConsumerSpan(where, headers, async () => undefined);
  assert.equal(ended[0]!.links.length, 64);
  assert.equal(ended[0]!.links[63]!.context.spanId, 'b7ad6b7169200063');
});

test('an unsampled consumer span records nothing but still passes the trace of the first record on', async () => {
  telemetry = initTelemetry({ serviceName: 'bus-test' }); // no exporter: the sampler is off
  const headers: Record<string, string>[] = [
    {},
    traceparent(traceB, '00f067aa0ba902b7', '00'),
    traceparent(traceA, 'b7ad6b7169203331', '01'),
  ];
  const active = await inConsumerSpan(where, headers, async () => trace.getActiveSpan());
  assert.equal(active?.isRecording(), false);
  assert.equal(active?.spanContext().traceId, traceB);
});

test('a consumer span without any trace headers starts a trace of its own', async () => {
  const ended = recordSpans();
  const activeTrace = await inConsumerSpan(where, [{}, {}], async () => trace.getActiveSpan()?.spanContext().traceId);
  assert.equal(ended[0]!.parentSpanContext, undefined);
  assert.equal(ended[0]!.links.length, 0);
  assert.equal(activeTrace, ended[0]!.spanContext().traceId);
});

/** Replaces the global propagator with a W3C `traceparent` reader that counts its extractions. */
function countExtractions(): { extracted: number } {
  const counter = { extracted: 0 };
  const propagator: TextMapPropagator = {
    inject: () => undefined,
    fields: () => ['traceparent'],
    extract(context, carrier, getter) {
      counter.extracted += 1;
      const [, traceId, spanId, flags] = String(getter.get(carrier, 'traceparent') ?? '').split('-');
      if (!traceId || !spanId || !flags) return context;
      return trace.setSpanContext(context, { traceId, spanId, traceFlags: Number.parseInt(flags, 16), isRemote: true });
    },
  };
  propagation.disable();
  propagation.setGlobalPropagator(propagator);
  return counter;
}

/** 20 records, each from a publish of its own trace. */
const twentyTraces = Array.from({ length: 20 }, (_, i) =>
  traceparent(`${traceA.slice(0, 27)}${String(i).padStart(5, '0')}`, 'b7ad6b7169203331', '01'),
);

test('an unsampled consumer span extracts only its parent, not every distinct trace of the batch', async () => {
  telemetry = initTelemetry({ serviceName: 'bus-test' }); // no exporter: the sampler is off
  const counter = countExtractions();
  const active = await inConsumerSpan(where, twentyTraces, async () => trace.getActiveSpan());
  assert.equal(active?.isRecording(), false);
  assert.equal(active?.spanContext().traceId, `${traceA.slice(0, 27)}00000`);
  assert.equal(counter.extracted, 1);
});

test('a sampled consumer span of 20 traces links each of them and carries attributes', async () => {
  const ended = recordSpans();
  await inConsumerSpan(where, twentyTraces, async () => undefined);
  assert.deepEqual(
    ended[0]!.links.map((link) => link.context.traceId),
    twentyTraces.map((headers) => headers.traceparent.split('-')[1]),
  );
  assert.equal(ended[0]!.attributes['messaging.batch.message_count'], 20);
  assert.equal(ended[0]!.attributes['messaging.destination.name'], 'orders.v1');
});
