import { status as GrpcStatus } from '@grpc/grpc-js';

/** The one table from gRPC status codes to HTTP statuses (as grpc-gateway and Google APIs map them). */
const httpStatusOf: Record<GrpcStatus, number> = {
  [GrpcStatus.OK]: 200,
  [GrpcStatus.CANCELLED]: 499,
  [GrpcStatus.UNKNOWN]: 500,
  [GrpcStatus.INVALID_ARGUMENT]: 400,
  [GrpcStatus.DEADLINE_EXCEEDED]: 504,
  [GrpcStatus.NOT_FOUND]: 404,
  [GrpcStatus.ALREADY_EXISTS]: 409,
  [GrpcStatus.PERMISSION_DENIED]: 403,
  [GrpcStatus.RESOURCE_EXHAUSTED]: 429,
  [GrpcStatus.FAILED_PRECONDITION]: 400,
  [GrpcStatus.ABORTED]: 409,
  [GrpcStatus.OUT_OF_RANGE]: 400,
  [GrpcStatus.UNIMPLEMENTED]: 501,
  [GrpcStatus.INTERNAL]: 500,
  [GrpcStatus.UNAVAILABLE]: 503,
  [GrpcStatus.DATA_LOSS]: 500,
  [GrpcStatus.UNAUTHENTICATED]: 401,
};

/** The JSON body of every error answer: the gRPC status name and the message the service gave. */
export interface HttpErrorBody {
  code: string;
  message: string;
}

export interface HttpError {
  status: number;
  body: HttpErrorBody;
}

/** An error the gateway reports itself, before or instead of a gRPC call, in gRPC's terms. */
export class GatewayError extends Error {
  constructor(
    readonly grpcCode: GrpcStatus,
    message: string,
  ) {
    super(message);
    this.name = 'GatewayError';
  }
}

/**
 * Maps a failed call to an HTTP answer: gRPC errors (grpc-js ServiceError, or the gateway's own
 * GatewayError) keep their status name and message; anything else is a 500 with no internals.
 */
export function toHttpError(error: unknown): HttpError {
  const e = error as { code?: unknown; grpcCode?: unknown; details?: unknown; message?: unknown };
  const code = typeof e?.grpcCode === 'number' ? e.grpcCode : e?.code;
  if (typeof code === 'number' && code in httpStatusOf && code !== GrpcStatus.OK) {
    const message = typeof e.details === 'string' && e.details !== '' ? e.details : String(e.message ?? '');
    return { status: httpStatusOf[code as GrpcStatus], body: { code: GrpcStatus[code]!, message } };
  }
  return { status: 500, body: { code: 'INTERNAL', message: 'internal error' } };
}

/** Whether an error is the caller's or an upstream answer (as opposed to a bug in the gateway): not worth a stack. */
export function isExpected(error: unknown): boolean {
  const e = error as { code?: unknown; grpcCode?: unknown };
  return typeof e?.grpcCode === 'number' || typeof e?.code === 'number';
}
