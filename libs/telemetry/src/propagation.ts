import {
  ROOT_CONTEXT,
  context,
  propagation,
  trace,
  SpanKind,
  SpanStatusCode,
  type Attributes,
  type Context,
  type TextMapGetter,
} from '@opentelemetry/api';

type Carrier = Record<string, string>;

/** Writes the active trace context (traceparent, tracestate) into a header map. */
export function injectTraceContext(carrier: Carrier, from: Context = context.active()): Carrier {
  propagation.inject(from, carrier);
  return carrier;
}

/** Reads a trace context from headers or gRPC metadata flattened to strings, or from any carrier through `getter`. */
export function extractTraceContext(carrier: Carrier): Context;
export function extractTraceContext<C>(carrier: C, getter: TextMapGetter<C>): Context;
export function extractTraceContext<C>(carrier: C, getter?: TextMapGetter<C>): Context {
  return getter
    ? propagation.extract(context.active(), carrier, getter)
    : propagation.extract(context.active(), carrier);
}

/** The trace context active now, to run work in later (`inContext`) or to link a span to (`inSpan`'s `links`). */
export function activeContext(): Context {
  return context.active();
}

/** Runs `work` with `from` as the active trace context. */
export function inContext<T>(from: Context, work: () => T): T {
  return context.with(from, work);
}

/**
 * Runs `work` inside a new span that is a child of `parent` (or of the active context; `'root'`: of none),
 * linked to the spans active in `links`, ending it with the outcome; errors are recorded and rethrown.
 */
export async function inSpan<T>(
  name: string,
  options: {
    kind?: SpanKind;
    parent?: Context | 'root';
    links?: readonly Context[];
    attributes?: Attributes;
    tracer?: string;
  },
  work: () => Promise<T>,
): Promise<T> {
  const tracer = trace.getTracer(options.tracer ?? 'demand');
  const parent = options.parent === 'root' ? ROOT_CONTEXT : (options.parent ?? context.active());
  const links = (options.links ?? []).flatMap((from) => {
    const linked = trace.getSpanContext(from);
    return linked ? [{ context: linked }] : [];
  });
  return tracer.startActiveSpan(
    name,
    { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes, links },
    parent,
    async (span) => {
      try {
        return await work();
      } catch (error) {
        span.recordException(error as Error);
        span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

/** A span for work timed elsewhere (another thread): epoch times in ms, its parent read from `carrier`. */
export function recordFinishedSpan(
  name: string,
  span: {
    kind: SpanKind;
    carrier: Carrier;
    attributes: Attributes;
    startMs: number;
    endMs: number;
    /** The error's message, when the work failed. */
    error?: string;
  },
): void {
  const started = trace
    .getTracer('demand')
    .startSpan(
      name,
      { kind: span.kind, attributes: span.attributes, startTime: span.startMs },
      extractTraceContext(span.carrier),
    );
  if (span.error !== undefined) {
    started.recordException({ name: 'Error', message: span.error });
    started.setStatus({ code: SpanStatusCode.ERROR, message: span.error });
  }
  started.end(span.endMs);
}

export { SpanKind, type Context };
