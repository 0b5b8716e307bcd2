import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import {
  activeContext,
  createLogger,
  extractTraceContext,
  inContext,
  initTelemetry,
  injectTraceContext,
  inSpan,
  recordFinishedSpan,
  SpanKind,
} from '../src/index.js';

test('a trace context crosses a header map and the child joins the same trace', async () => {
  const exporter = new InMemorySpanExporter();
  const telemetry = initTelemetry({ serviceName: 'test', spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  try {
    const headers: Record<string, string> = {};
    await inSpan('produce', {}, async () => {
      injectTraceContext(headers);
    });
    assert.match(headers.traceparent ?? '', /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    await inSpan('consume', { parent: extractTraceContext(headers) }, async () => undefined);
    const [produce, consume] = exporter.getFinishedSpans();
    assert.ok(produce && consume);
    assert.equal(consume.spanContext().traceId, produce.spanContext().traceId);
    assert.equal(consume.parentSpanContext?.spanId, produce.spanContext().spanId);
  } finally {
    await telemetry.shutdown();
  }
});

test('a failing span records the error and rethrows it', async () => {
  const exporter = new InMemorySpanExporter();
  const telemetry = initTelemetry({ serviceName: 'test', spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  try {
    await assert.rejects(
      inSpan('boom', {}, async () => {
        throw new Error('nope');
      }),
      /nope/,
    );
    assert.equal(exporter.getFinishedSpans()[0]?.status.message, 'nope');
  } finally {
    await telemetry.shutdown();
  }
});

test('a span timed in another thread keeps its times, its parent from the carrier and its error', async () => {
  const exporter = new InMemorySpanExporter();
  const telemetry = initTelemetry({ serviceName: 'test', spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  try {
    const carrier: Record<string, string> = {};
    await inSpan('client', {}, async () => void injectTraceContext(carrier));
    const startMs = Date.parse('2026-12-06T00:00:00Z');
    const attributes = { 'rpc.method': 'x/Y' };
    recordFinishedSpan('x/Y', { kind: SpanKind.SERVER, carrier, attributes, startMs, endMs: startMs + 1.5 });
    recordFinishedSpan('x/Y', {
      kind: SpanKind.SERVER,
      carrier: {},
      attributes,
      startMs,
      endMs: startMs + 2,
      error: 'gone',
    });
    const [client, served, failed] = exporter.getFinishedSpans();
    assert.ok(client && served && failed);
    assert.equal(served.spanContext().traceId, client.spanContext().traceId);
    assert.equal(served.parentSpanContext?.spanId, client.spanContext().spanId);
    assert.equal(served.kind, SpanKind.SERVER);
    assert.deepEqual(served.startTime, [Math.floor(startMs / 1000), 0]);
    assert.deepEqual(served.duration, [0, 1_500_000]);
    assert.equal(failed.parentSpanContext, undefined, 'no carrier: a root span');
    assert.equal(failed.status.message, 'gone');
    assert.equal(failed.events[0]?.name, 'exception');
  } finally {
    await telemetry.shutdown();
  }
});

test('log lines are JSON with the service and the active trace id', async () => {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const telemetry = initTelemetry({ serviceName: 'test' });
  try {
    const logger = createLogger({ service: 'collector', destination });
    let traceId = '';
    let recording = true;
    const headers: Record<string, string> = {};
    await inSpan('work', {}, async () => {
      const { trace } = await import('@opentelemetry/api');
      traceId = trace.getActiveSpan()?.spanContext().traceId ?? '';
      recording = trace.getActiveSpan()?.isRecording() ?? true;
      injectTraceContext(headers);
      logger.info({ n: 1 }, 'hello');
    });
    // no exporter: the span records nothing, yet has a real trace id that logs and headers carry
    assert.equal(recording, false);
    assert.match(traceId, /^(?!0{32})[0-9a-f]{32}$/);
    assert.match(headers.traceparent ?? '', new RegExp(`^00-${traceId}-[0-9a-f]{16}-00$`));
    const line = JSON.parse(lines[0] ?? '{}');
    assert.equal(line.service, 'collector');
    assert.equal(line.level, 'info');
    assert.equal(line.msg, 'hello');
    assert.equal(line.trace_id, traceId);
  } finally {
    await telemetry.shutdown();
  }
});

test("a 'root' span starts a trace of its own, linked to the spans active in the contexts given", async () => {
  const exporter = new InMemorySpanExporter();
  const telemetry = initTelemetry({ serviceName: 'test', spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  try {
    const handed = await Promise.all(['a', 'b'].map((name) => inSpan(name, {}, async () => activeContext())));
    await inSpan('outer', {}, () =>
      inSpan('joined', { parent: 'root', links: [...handed, activeContext()] }, async () => {
        await inContext(handed[0]!, () => inSpan('in a', {}, async () => undefined));
      }),
    );
    const spans = new Map(exporter.getFinishedSpans().map((span) => [span.name, span]));
    const [a, b, outer, joined, inA] = ['a', 'b', 'outer', 'joined', 'in a'].map((name) => spans.get(name)!);
    assert.equal(joined!.parentSpanContext, undefined);
    assert.notEqual(joined!.spanContext().traceId, outer!.spanContext().traceId);
    assert.deepEqual(
      joined!.links.map((link) => link.context.spanId),
      [a!.spanContext().spanId, b!.spanContext().spanId, outer!.spanContext().spanId],
    );
    assert.equal(inA!.parentSpanContext?.spanId, a!.spanContext().spanId, 'inContext makes the given context active');
  } finally {
    await telemetry.shutdown();
  }
});
