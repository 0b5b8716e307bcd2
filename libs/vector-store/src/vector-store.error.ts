/**
 * Codes named like gRPC statuses keep their meaning (and message) through the service's
 * error mapper; BACKEND_* codes are infrastructure failures whose details stay internal.
 */
export type VectorStoreErrorCode =
  | 'INVALID_ARGUMENT'
  | 'NOT_FOUND'
  | 'FAILED_PRECONDITION'
  | 'BACKEND_UNAVAILABLE'
  | 'BACKEND_ERROR';

export class VectorStoreError extends Error {
  override readonly name = 'VectorStoreError';
  readonly code: VectorStoreErrorCode;
  /** True when retrying later may succeed (connection refused, timeouts, 5xx, 429). */
  readonly transient: boolean;

  constructor(code: VectorStoreErrorCode, message: string, options: { transient?: boolean; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.transient = options.transient ?? code === 'BACKEND_UNAVAILABLE';
  }
}

export function invalidArgument(message: string): VectorStoreError {
  return new VectorStoreError('INVALID_ARGUMENT', message);
}

export function collectionNotFound(collection: string): VectorStoreError {
  return new VectorStoreError('NOT_FOUND', `collection "${collection}" does not exist`);
}
