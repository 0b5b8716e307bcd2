import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { createLogger, extractTraceContext, initTelemetry, injectTraceContext, inSpan } from '../src/index.js';

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
