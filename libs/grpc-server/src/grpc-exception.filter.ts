import type { Metadata, status } from '@grpc/grpc-js';
import { Catch, type RpcExceptionFilter } from '@nestjs/common';
import { type Observable, throwError } from 'rxjs';
import { toGrpcStatus } from './error-status.js';
import { retryHint } from './retry-hint.js';

/**
 * The gRPC controllers' one exception filter (`@UseFilters(GrpcExceptionFilter)`): domain
 * errors keep their status and message, anything else becomes a status that leaks nothing.
 */
@Catch()
export class GrpcExceptionFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown): Observable<never> {
    return throwError(() => grpcErrorOf(exception));
  }
}

/** The error GrpcExceptionFilter answers `exception` with, as grpc-js's callback takes it. */
export function grpcErrorOf(exception: unknown): { code: status; details: string; metadata?: Metadata } {
  const { code, details, retryAfterMs } = toGrpcStatus(exception);
  if (retryAfterMs === undefined) return { code, details };
  return { code, details, metadata: retryHint(retryAfterMs) };
}
