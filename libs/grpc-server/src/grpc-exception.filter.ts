import { Metadata } from '@grpc/grpc-js';
import { Catch, type RpcExceptionFilter } from '@nestjs/common';
import { type Observable, throwError } from 'rxjs';
import { toGrpcStatus } from './error-status.js';

/**
 * Trailers telling a refused client when to try again: `retry-after-ms` for any client, and
 * `grpc-retry-pushback-ms`, which grpc clients with a retry policy obey on their own.
 */
export function retryHint(retryAfterMs: number): Metadata {
  const metadata = new Metadata();
  metadata.set(RETRY_AFTER_MS, String(retryAfterMs));
  metadata.set('grpc-retry-pushback-ms', String(retryAfterMs));
  return metadata;
}

/** Trailer metadata key of the retry hint on UNAVAILABLE and RESOURCE_EXHAUSTED answers. */
export const RETRY_AFTER_MS = 'retry-after-ms';

/**
 * The gRPC controllers' one exception filter (`@UseFilters(GrpcExceptionFilter)`): domain
 * errors keep their status and message, anything else becomes a status that leaks nothing.
 */
@Catch()
export class GrpcExceptionFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown): Observable<never> {
    const { code, details, retryAfterMs } = toGrpcStatus(exception);
    if (retryAfterMs === undefined) return throwError(() => ({ code, details }));
    return throwError(() => ({ code, details, metadata: retryHint(retryAfterMs) }));
  }
}
