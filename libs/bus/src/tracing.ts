import {
  context,
  propagation,
  trace,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  type Attributes,
  type Link,
  type Span,
} from '@opentelemetry/api';
import { Headers } from '@demand/contracts';
import { errorMessage } from './errors.js';

const TRACER_NAME = '@demand/bus';
const MAX_LINKS = 64;

async function runInSpan<R>(span: Span, work: () => Promise<R>): Promise<R> {
  try {
    return await work();
  } catch (error) {
    if (Error.isError(error)) span.recordException(error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: errorMessage(error) });
    throw error;
  } finally {
    span.end();
  }
}

/**
 * Runs `work` inside a producer span and hands it the W3C trace headers (traceparent,
 * tracestate) of that span, as the globally registered propagator writes them.
 */
export function inProducerSpan<R>(
  topic: string,
  messageCount: number,
  work: (traceHeaders: Record<string, string>) => Promise<R>,
): Promise<R> {
  const attributes: Attributes = {
    'messaging.system': 'kafka',
    'messaging.operation.type': 'send',
    'messaging.destination.name': topic,
    'messaging.batch.message_count': messageCount,
  };
  return trace
    .getTracer(TRACER_NAME)
    .startActiveSpan(`send ${topic}`, { kind: SpanKind.PRODUCER, attributes }, (span) => {
      const traceHeaders: Record<string, string> = {};
      propagation.inject(context.active(), traceHeaders);
      return runInSpan(span, () => work(traceHeaders));
    });
}

/**
 * Runs `work` inside a consumer span continuing the trace of the first record that carries
 * one; the traces of the other records of the batch become links.
 */
export function inConsumerSpan<R>(
  where: { topic: string; groupId: string; partition: number },
  recordHeaders: readonly Readonly<Record<string, string>>[],
  work: () => Promise<R>,
): Promise<R> {
  let parent = ROOT_CONTEXT;
  const links: Link[] = [];
  const seenTraces = new Set<string>();
  const seenHeaders = new Set<string>();
  let previous: Readonly<Record<string, string>> | undefined;
  for (const headers of recordHeaders) {
    // The values of one batched record share its headers object: look at it once.
    if (headers === previous) continue;
    previous = headers;
    const traceparent = headers[Headers.traceparent];
    if (traceparent === undefined) continue;
    // The records of one publish share their trace headers: extract each distinct pair once.
    const distinct = `${traceparent} ${headers[Headers.tracestate] ?? ''}`;
    if (seenHeaders.has(distinct)) continue;
    seenHeaders.add(distinct);
    const extracted = propagation.extract(ROOT_CONTEXT, headers);
    const spanContext = trace.getSpanContext(extracted);
    if (!spanContext || !trace.isSpanContextValid(spanContext)) continue;
    if (parent === ROOT_CONTEXT) parent = extracted;
    const id = `${spanContext.traceId}/${spanContext.spanId}`;
    if (!seenTraces.has(id) && links.length < MAX_LINKS) links.push({ context: spanContext });
    seenTraces.add(id);
  }
  const attributes: Attributes = {
    'messaging.system': 'kafka',
    'messaging.operation.type': 'process',
    'messaging.destination.name': where.topic,
    'messaging.consumer.group.name': where.groupId,
    'messaging.destination.partition.id': String(where.partition),
    'messaging.batch.message_count': recordHeaders.length,
  };
  return trace
    .getTracer(TRACER_NAME)
    .startActiveSpan(`process ${where.topic}`, { kind: SpanKind.CONSUMER, attributes, links }, parent, (span) =>
      runInSpan(span, work),
    );
}
