import type { handleUnaryCall, ServerUnaryCall, Metadata } from '@grpc/grpc-js';
import { extractTraceContext, inSpan, SpanKind, type Logger } from '@demand/telemetry';
import { toGrpcStatus } from './error-status.js';
import type { GrpcMetrics } from './grpc-metrics.js';

export interface CallContext {
  metadata: Metadata;
  /** Resolves true once the client cancelled or the deadline passed. */
  cancelled(): boolean;
}

export type UnaryMethod<Req, Res> = (request: Req, call: CallContext) => Promise<Res>;

function metadataCarrier(metadata: Metadata): Record<string, string> {
  const carrier: Record<string, string> = {};
  for (const [key, value] of Object.entries(metadata.getMap())) {
    if (typeof value === 'string') carrier[key] = value;
  }
  return carrier;
}

/**
 * Adapts an async method to grpc-js: the caller's trace context is continued in a server
 * span, errors become statuses through toGrpcStatus, and every call is counted and timed.
 */
export function unary<Req, Res>(
  fullMethod: string,
  method: UnaryMethod<Req, Res>,
  deps: { logger: Logger; metrics: GrpcMetrics },
): handleUnaryCall<Req, Res> {
  return (call: ServerUnaryCall<Req, Res>, callback) => {
    const stopTimer = deps.metrics.latency.startTimer({ method: fullMethod });
    const context = { metadata: call.metadata, cancelled: () => call.cancelled };
    inSpan(
      fullMethod,
      {
        kind: SpanKind.SERVER,
        parent: extractTraceContext(metadataCarrier(call.metadata)),
        attributes: { 'rpc.system': 'grpc', 'rpc.method': fullMethod },
      },
      () => method(call.request, context),
    ).then(
      (response) => {
        deps.metrics.calls.inc({ method: fullMethod, code: 'OK' });
        stopTimer();
        callback(null, response);
      },
      (error: unknown) => {
        const status = toGrpcStatus(error);
        deps.metrics.calls.inc({ method: fullMethod, code: String(status.code) });
        stopTimer();
        if (status.unexpected) deps.logger.error({ err: error, method: fullMethod }, 'gRPC call failed');
        callback({ code: status.code, details: status.details });
      },
    );
  };
}
