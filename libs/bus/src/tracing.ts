import {
  context,
  propagation,
  trace,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  type Attributes,
  type Context,
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
 * one; the traces of the other records of the batch become links. Only a span that records
 * (sampled) gets its attributes and links, after it started: an unsampled one (the sampler is
 * off without an exporter) costs a parent lookup, not a walk over every record's headers.
 */
export function inConsumerSpan<R>(
  where: { topic: string; groupId: string; partition: number },
  recordHeaders: readonly Readonly<Record<string, string>>[],
  work: () => Promise<R>,
): Promise<R> {
  let parent = ROOT_CONTEXT;
  let parentIndex = recordHeaders.length;
  for (let i = 0; i < recordHeaders.length && parent === ROOT_CONTEXT; i++) {
    if (i > 0 && recordHeaders[i] === recordHeaders[i - 1]) continue;
    const extracted = validTraceContext(recordHeaders[i]!);
    if (extracted) [parent, parentIndex] = [extracted, i];
  }
  return trace
    .getTracer(TRACER_NAME)
    .startActiveSpan(`process ${where.topic}`, { kind: SpanKind.CONSUMER }, parent, (span) => {
      if (span.isRecording()) {
        span.setAttributes({
          'messaging.system': 'kafka',
          'messaging.operation.type': 'process',
          'messaging.destination.name': where.topic,
          'messaging.consumer.group.name': where.groupId,
          'messaging.destination.partition.id': String(where.partition),
          'messaging.batch.message_count': recordHeaders.length,
        });
        span.addLinks(traceLinks(recordHeaders, parentIndex));
      }
      return runInSpan(span, work);
    });
}

/** The context a record's W3C trace headers carry, when they carry a valid one. */
function validTraceContext(headers: Readonly<Record<string, string>>): Context | undefined {
  if (headers[Headers.traceparent] === undefined) return undefined;
  const extracted = propagation.extract(ROOT_CONTEXT, headers);
  const spanContext = trace.getSpanContext(extracted);
  return spanContext && trace.isSpanContextValid(spanContext) ? extracted : undefined;
}

/** The distinct traces of the records from `first` on (at most MAX_LINKS), in record order. */
function traceLinks(recordHeaders: readonly Readonly<Record<string, string>>[], first: number): Link[] {
  const links: Link[] = [];
  const seenTraces = new Set<string>();
  const seenHeaders = new Set<string>();
  let previous: Readonly<Record<string, string>> | undefined;
  for (let i = first; i < recordHeaders.length && links.length < MAX_LINKS; i++) {
    const headers = recordHeaders[i]!;
    // The values of one batched record share its headers object: look at it once.
    if (headers === previous) continue;
    previous = headers;
    const traceparent = headers[Headers.traceparent];
    if (traceparent === undefined) continue;
    // The records of one publish share their trace headers: extract each distinct pair once.
    const distinct = `${traceparent} ${headers[Headers.tracestate] ?? ''}`;
    if (seenHeaders.has(distinct)) continue;
    seenHeaders.add(distinct);
    const spanContext = trace.getSpanContext(propagation.extract(ROOT_CONTEXT, headers));
    if (!spanContext || !trace.isSpanContextValid(spanContext)) continue;
    const id = `${spanContext.traceId}/${spanContext.spanId}`;
    if (!seenTraces.has(id)) links.push({ context: spanContext });
    seenTraces.add(id);
  }
  return links;
}
