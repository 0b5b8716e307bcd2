import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { AlwaysOffSampler, BatchSpanProcessor, TracerProvider, type SpanProcessor } from '@opentelemetry/sdk-trace';

export interface TelemetryOptions {
  serviceName: string;
  /** OTLP/HTTP traces endpoint, e.g. http://otel-collector:4318/v1/traces. No export when absent. */
  otlpTracesUrl?: string;
  /** Extra processors, e.g. an in-memory exporter in tests. */
  spanProcessors?: SpanProcessor[];
}

export interface Telemetry {
  shutdown(): Promise<void>;
}

let active: { provider: TracerProvider } | undefined;

/**
 * Installs the context manager, the W3C trace-context propagator and the tracer provider.
 * Call it first in every entry point, before the framework is loaded. Calling it again
 * in the same process (several services in one process) reuses the first setup.
 */
export function initTelemetry(options: TelemetryOptions): Telemetry {
  if (active) return { shutdown: async () => undefined };
  const processors: SpanProcessor[] = [...(options.spanProcessors ?? [])];
  if (options.otlpTracesUrl)
    processors.push(new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url: options.otlpTracesUrl }) }));
  // With nowhere to send spans, record none: spans keep their trace and span ids (log lines carry
  // them, headers pass them on) without the attributes, events and timings nobody would read.
  const provider = new TracerProvider({
    spanProcessors: processors,
    ...(processors.length === 0 ? { sampler: new AlwaysOffSampler() } : {}),
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  active = { provider };
  return {
    async shutdown() {
      await provider.shutdown();
      trace.disable();
      propagation.disable();
      context.disable();
      active = undefined;
    },
  };
}
