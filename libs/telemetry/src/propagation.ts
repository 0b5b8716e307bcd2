import {
  context,
  propagation,
  trace,
  SpanKind,
  SpanStatusCode,
  type Attributes,
  type Context,
} from '@opentelemetry/api';

type Carrier = Record<string, string>;

/** Writes the active trace context (traceparent, tracestate) into a header map. */
export function injectTraceContext(carrier: Carrier, from: Context = context.active()): Carrier {
  propagation.inject(from, carrier);
  return carrier;
}

/** Reads a trace context from headers or gRPC metadata flattened to strings. */
export function extractTraceContext(carrier: Carrier): Context {
  return propagation.extract(context.active(), carrier);
}

/**
 * Runs `work` inside a new span that is a child of `parent` (or of the active context),
 * ending it with the outcome; errors are recorded and rethrown.
 */
export async function inSpan<T>(
  name: string,
  options: { kind?: SpanKind; parent?: Context; attributes?: Attributes; tracer?: string },
  work: () => Promise<T>,
): Promise<T> {
  const tracer = trace.getTracer(options.tracer ?? 'demand');
  const parent = options.parent ?? context.active();
  return tracer.startActiveSpan(
    name,
    { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes },
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

export { SpanKind };
