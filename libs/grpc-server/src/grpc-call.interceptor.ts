import type { Metadata, ServerUnaryCall } from '@grpc/grpc-js';
import { type CallHandler, type ExecutionContext, Inject, Injectable, type NestInterceptor } from '@nestjs/common';
import {
  type Attributes,
  type Context,
  context as otelContext,
  type Span,
  SpanStatusCode,
  type TextMapGetter,
  trace,
} from '@opentelemetry/api';
import { Observable } from 'rxjs';
import { extractTraceContext, type Logger, SpanKind } from '@demand/telemetry';
import { toGrpcStatus } from './error-status.js';
import type { CallGuardSettings } from './call-guard.js';
import { codeLabel, type GrpcMetrics } from './grpc-metrics.js';

export const GRPC_CALL_TELEMETRY = Symbol('GrpcCallTelemetry');

export interface GrpcCallTelemetry {
  logger: Logger;
  metrics: GrpcMetrics;
}

/** The call guard's onRejected: calls it refuses counted like handled ones, key-store failures logged. */
export function reportRejectedCalls(telemetry: GrpcCallTelemetry): NonNullable<CallGuardSettings['onRejected']> {
  return (methodPath, code, error) => {
    const method = methodPath.replace(/^\//, '');
    telemetry.metrics.calls.inc({ method, code: codeLabel(code) });
    if (error) telemetry.logger.error({ err: error, method }, 'API keys could not be checked');
  };
}

/** A call's metadata as the trace-context propagator reads it: each key's first value, when it is a string. */
const metadataGetter: TextMapGetter<Metadata | undefined> = {
  get(metadata, key) {
    const value = metadata?.get(key)[0];
    return typeof value === 'string' ? value : undefined;
  },
  keys: (metadata) => (metadata ? Object.keys(metadata.getMap()) : []),
};

/** A method's metric children and span attributes, built at its first call and shared by every call after. */
interface MethodRecording {
  latency: { observe(seconds: number): void };
  calls: Map<string, { inc(): void }>;
  attributes: Attributes;
}

const SERVER_SPAN = { kind: SpanKind.SERVER };

/** One call being recorded: its server span (active in `context`), when it began, and how it ended. */
class RecordedCall {
  readonly context: Context;
  private readonly startedMs = performance.now();
  private readonly span: Span;

  constructor(
    private readonly telemetry: GrpcCallTelemetry,
    tracer: ReturnType<typeof trace.getTracer>,
    private readonly method: string,
    private readonly recording: MethodRecording,
    metadata: Metadata | undefined,
  ) {
    const parent = extractTraceContext(metadata, metadataGetter);
    // Attributes set once the sampler has decided: a span nobody records (no exporter) skips their copy,
    // but a sampler or a SpanProcessor's onStart no longer sees rpc.system / rpc.method.
    this.span = tracer.startSpan(method, SERVER_SPAN, parent);
    if (this.span.isRecording()) this.span.setAttributes(recording.attributes);
    this.context = trace.setSpan(parent, this.span);
  }

  succeeded(): void {
    this.done(codeLabel(0));
  }

  /** Errors the domain did not mean to report are logged with their stack. */
  failed(error: unknown): void {
    const status = toGrpcStatus(error);
    this.span.recordException(error as Error);
    this.span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
    this.done(codeLabel(status.code));
    if (status.unexpected) this.telemetry.logger.error({ err: error, method: this.method }, 'gRPC call failed');
  }

  private done(code: string): void {
    const { calls, latency } = this.recording;
    let counter = calls.get(code);
    if (!counter) {
      counter = this.telemetry.metrics.calls.labels({ method: this.method, code });
      calls.set(code, counter);
    }
    counter.inc();
    latency.observe((performance.now() - this.startedMs) / 1000);
    this.span.end();
  }
}

/**
 * What every gRPC call gets: the caller's trace context continued in a server span, the call counted by
 * status code and timed, and errors the domain did not mean to report logged with their stack. Mapping
 * errors to statuses is GrpcExceptionFilter's job.
 */
export class GrpcCallRecorder {
  private readonly tracer = trace.getTracer('demand');
  private readonly methods = new Map<string, MethodRecording>();

  constructor(private readonly telemetry: GrpcCallTelemetry) {}

  start(method: string, metadata: Metadata | undefined): RecordedCall {
    let recording = this.methods.get(method);
    if (!recording) {
      recording = {
        latency: this.telemetry.metrics.latency.labels({ method }),
        calls: new Map(),
        attributes: { 'rpc.system': 'grpc', 'rpc.method': method },
      };
      this.methods.set(method, recording);
    }
    return new RecordedCall(this.telemetry, this.tracer, method, recording, metadata);
  }

  /**
   * A handler's answer recorded as GrpcCallInterceptor records a call, for a controller that calls it
   * instead of using the interceptor: Nest then runs no interceptor pipeline around the handler (its rxjs
   * streams and async scopes, ≈ 13 KB and a quarter of the CPU of a call answered from memory).
   * `method` as the interceptor names it, the path without its leading slash.
   */
  async run<T>(method: string, metadata: Metadata | undefined, handle: () => Promise<T>): Promise<T> {
    const call = this.start(method, metadata);
    try {
      const answer = await otelContext.with(call.context, handle);
      call.succeeded();
      return answer;
    } catch (error) {
      call.failed(error);
      throw error;
    }
  }
}

/**
 * GrpcCallRecorder as a Nest interceptor (`@UseInterceptors(GrpcCallInterceptor)`). Kept to one Observable
 * per call (no promise round trips), since it runs on every read the services answer from memory.
 */
@Injectable()
export class GrpcCallInterceptor implements NestInterceptor {
  private readonly recorder: GrpcCallRecorder;

  constructor(@Inject(GRPC_CALL_TELEMETRY) telemetry: GrpcCallTelemetry) {
    this.recorder = new GrpcCallRecorder(telemetry);
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const [, metadata, call] = context.getArgs<[unknown, Metadata, ServerUnaryCall<unknown, unknown>]>();
    const method = call.getPath().replace(/^\//, '');
    return new Observable((subscriber) => {
      const recorded = this.recorder.start(method, metadata);
      // The handler runs when subscribed: subscribing inside the span's context makes it the active one there.
      return otelContext.with(recorded.context, () =>
        next.handle().subscribe({
          next: (response) => subscriber.next(response),
          complete: () => {
            recorded.succeeded();
            subscriber.complete();
          },
          error: (error: unknown) => {
            recorded.failed(error);
            subscriber.error(error);
          },
        }),
      );
    });
  }
}
