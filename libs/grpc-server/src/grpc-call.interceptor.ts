import type { Metadata, ServerUnaryCall } from '@grpc/grpc-js';
import { type CallHandler, type ExecutionContext, Inject, Injectable, type NestInterceptor } from '@nestjs/common';
import { context as otelContext, SpanStatusCode, trace } from '@opentelemetry/api';
import { Observable } from 'rxjs';
import { extractTraceContext, type Logger, SpanKind } from '@demand/telemetry';
import { toGrpcStatus } from './error-status.js';
import type { CallGuardSettings } from './call-guard.js';
import type { GrpcMetrics } from './grpc-metrics.js';

export const GRPC_CALL_TELEMETRY = Symbol('GrpcCallTelemetry');

export interface GrpcCallTelemetry {
  logger: Logger;
  metrics: GrpcMetrics;
}

/** The call guard's onRejected: calls it refuses counted like handled ones, key-store failures logged. */
export function reportRejectedCalls(telemetry: GrpcCallTelemetry): NonNullable<CallGuardSettings['onRejected']> {
  return (methodPath, code, error) => {
    const method = methodPath.replace(/^\//, '');
    telemetry.metrics.calls.inc({ method, code: String(code) });
    if (error) telemetry.logger.error({ err: error, method }, 'API keys could not be checked');
  };
}

function metadataCarrier(metadata: Metadata): Record<string, string> {
  const carrier: Record<string, string> = {};
  for (const [key, value] of Object.entries(metadata.getMap())) {
    if (typeof value === 'string') carrier[key] = value;
  }
  return carrier;
}

/**
 * Every gRPC call: the caller's trace context continued in a server span, the call counted by
 * status code and timed, and errors the domain did not mean to report logged with their stack.
 * Mapping errors to statuses is GrpcExceptionFilter's job. Kept to one Observable per call (no
 * promise round trips), since it runs on every read the services answer from memory.
 */
@Injectable()
export class GrpcCallInterceptor implements NestInterceptor {
  private readonly tracer = trace.getTracer('demand');

  constructor(@Inject(GRPC_CALL_TELEMETRY) private readonly telemetry: GrpcCallTelemetry) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const [, metadata, call] = context.getArgs<[unknown, Metadata, ServerUnaryCall<unknown, unknown>]>();
    const method = call.getPath().replace(/^\//, '');
    const { logger, metrics } = this.telemetry;
    return new Observable((subscriber) => {
      const stopTimer = metrics.latency.startTimer({ method });
      const parent = extractTraceContext(metadataCarrier(metadata));
      const span = this.tracer.startSpan(
        method,
        { kind: SpanKind.SERVER, attributes: { 'rpc.system': 'grpc', 'rpc.method': method } },
        parent,
      );
      const done = (code: string) => {
        metrics.calls.inc({ method, code });
        stopTimer();
        span.end();
      };
      // The handler runs when subscribed: subscribing inside the span's context makes it the active one there.
      return otelContext.with(trace.setSpan(parent, span), () =>
        next.handle().subscribe({
          next: (response) => subscriber.next(response),
          complete: () => {
            done('OK');
            subscriber.complete();
          },
          error: (error: unknown) => {
            const status = toGrpcStatus(error);
            span.recordException(error as Error);
            span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
            done(String(status.code));
            if (status.unexpected) logger.error({ err: error, method }, 'gRPC call failed');
            subscriber.error(error);
          },
        }),
      );
    });
  }
}
