import { Metadata } from '@grpc/grpc-js';

/** Trailer metadata key of the retry hint on UNAVAILABLE and RESOURCE_EXHAUSTED answers. */
export const RETRY_AFTER_MS = 'retry-after-ms';

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
