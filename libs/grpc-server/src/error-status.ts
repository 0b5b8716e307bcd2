import { status as GrpcStatus } from '@grpc/grpc-js';

const knownCodes: Record<string, GrpcStatus> = {
  INVALID_ARGUMENT: GrpcStatus.INVALID_ARGUMENT,
  NOT_FOUND: GrpcStatus.NOT_FOUND,
  ALREADY_EXISTS: GrpcStatus.ALREADY_EXISTS,
  FAILED_PRECONDITION: GrpcStatus.FAILED_PRECONDITION,
  OUT_OF_RANGE: GrpcStatus.OUT_OF_RANGE,
  RESOURCE_EXHAUSTED: GrpcStatus.RESOURCE_EXHAUSTED,
  PERMISSION_DENIED: GrpcStatus.PERMISSION_DENIED,
  UNAUTHENTICATED: GrpcStatus.UNAUTHENTICATED,
  UNAVAILABLE: GrpcStatus.UNAVAILABLE,
  DEADLINE_EXCEEDED: GrpcStatus.DEADLINE_EXCEEDED,
  UNIMPLEMENTED: GrpcStatus.UNIMPLEMENTED,
};

/**
 * Details travel in an HTTP/2 trailer: a message that echoes a huge input (a 2 MiB id) would
 * overflow the peer's header limit and turn a clear refusal into a broken stream.
 */
export const MAX_DETAILS_LENGTH = 1_000;

function bounded(details: string): string {
  return details.length <= MAX_DETAILS_LENGTH ? details : `${details.slice(0, MAX_DETAILS_LENGTH - 1)}…`;
}

export interface MappedStatus {
  code: GrpcStatus;
  details: string;
  /** True when the error was not one the domain meant to report: log it with its stack. */
  unexpected: boolean;
  /** Set when the error says when to try again (`retryAfterMs`): sent as trailer metadata. */
  retryAfterMs?: number;
}

/**
 * The one mapping from errors to gRPC statuses. Domain errors say what went wrong with a
 * string `code` named like a gRPC status (e.g. INVALID_ARGUMENT) and keep their message;
 * infrastructure errors marked `transient` become UNAVAILABLE; anything else is INTERNAL
 * with no internals leaked to the caller.
 */
export function toGrpcStatus(error: unknown): MappedStatus {
  const e = error as { code?: unknown; message?: unknown; transient?: unknown; retryAfterMs?: unknown };
  if (typeof e?.code === 'string' && e.code in knownCodes) {
    const retry =
      typeof e.retryAfterMs === 'number' && e.retryAfterMs >= 0 ? { retryAfterMs: Math.ceil(e.retryAfterMs) } : {};
    return { code: knownCodes[e.code]!, details: bounded(String(e.message ?? e.code)), unexpected: false, ...retry };
  }
  if (e?.transient === true) {
    return {
      code: GrpcStatus.UNAVAILABLE,
      details: 'a backing service is temporarily unavailable; retry with backoff',
      unexpected: true,
    };
  }
  return { code: GrpcStatus.INTERNAL, details: 'internal error', unexpected: true };
}
