import type { Metadata, ServerUnaryCall } from '@grpc/grpc-js';
import { type CallHandler, type ExecutionContext, Inject, Injectable, type NestInterceptor } from '@nestjs/common';
import { type Context, context as otelContext, type Span, SpanStatusCode, trace } from '@opentelemetry/api';
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

function metadataCarrier(metadata: Metadata | undefined): Record<string, string> {
  const carrier: Record<string, string> = {};
  if (!metadata) return carrier;
  for (const [key, value] of Object.entries(metadata.getMap())) {
    if (typeof value === 'string') carrier[key] = value;
  }
  return carrier;
}

/** One call being recorded: its server span (active in `context`), its timer, and how it ended. */
class RecordedCall {
  readonly context: Context;
  private readonly stopTimer: () => void;
  private readonly span: Span;

  constructor(
    private readonly telemetry: GrpcCallTelemetry,
    tracer: ReturnType<typeof trace.getTracer>,
    private readonly method: string,
    metadata: Metadata | undefined,
  ) {
    this.stopTimer = telemetry.metrics.latency.startTimer({ method });
    const parent = extractTraceContext(metadataCarrier(metadata));
    this.span = tracer.startSpan(
      method,
      { kind: SpanKind.SERVER, attributes: { 'rpc.system': 'grpc', 'rpc.method': method } },
      parent,
    );
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
    this.telemetry.metrics.calls.inc({ method: this.method, code });
    this.stopTimer();
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

  constructor(private readonly telemetry: GrpcCallTelemetry) {}

  start(method: string, metadata: Metadata | undefined): RecordedCall {
    return new RecordedCall(this.telemetry, this.tracer, method, metadata);
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
