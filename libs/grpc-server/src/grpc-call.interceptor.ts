import type { Metadata, ServerUnaryCall } from '@grpc/grpc-js';
import { type CallHandler, type ExecutionContext, Inject, Injectable, type NestInterceptor } from '@nestjs/common';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { extractTraceContext, inSpan, type Logger, SpanKind } from '@demand/telemetry';
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
 * Mapping errors to statuses is GrpcExceptionFilter's job.
 */
@Injectable()
export class GrpcCallInterceptor implements NestInterceptor {
  constructor(@Inject(GRPC_CALL_TELEMETRY) private readonly telemetry: GrpcCallTelemetry) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const [, metadata, call] = context.getArgs<[unknown, Metadata, ServerUnaryCall<unknown, unknown>]>();
    const method = call.getPath().replace(/^\//, '');
    const { logger, metrics } = this.telemetry;
    const stopTimer = metrics.latency.startTimer({ method });
    const handled = inSpan(
      method,
      {
        kind: SpanKind.SERVER,
        parent: extractTraceContext(metadataCarrier(metadata)),
        attributes: { 'rpc.system': 'grpc', 'rpc.method': method },
      },
      () => lastValueFrom(next.handle()),
    ).then(
      (response) => {
        metrics.calls.inc({ method, code: 'OK' });
        stopTimer();
        return response;
      },
      (error: unknown) => {
        const status = toGrpcStatus(error);
        metrics.calls.inc({ method, code: String(status.code) });
        stopTimer();
        if (status.unexpected) logger.error({ err: error, method }, 'gRPC call failed');
        throw error;
      },
    );
    return from(handled);
  }
}
