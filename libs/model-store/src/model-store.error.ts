/**
 * Codes named like gRPC statuses keep their meaning (and message) through a service's error
 * mapper; the others are internal failures whose details stay in the logs.
 */
export type ModelStoreErrorCode =
  | 'INVALID_ARGUMENT'
  | 'NOT_FOUND'
  /** A stored file or manifest does not match what was published: never retry, republish. */
  | 'CORRUPT_ARTIFACT'
  | 'BACKEND_UNAVAILABLE'
  | 'BACKEND_ERROR';

export class ModelStoreError extends Error {
  override readonly name = 'ModelStoreError';
  readonly code: ModelStoreErrorCode;
  /** True when retrying later may succeed (busy or exhausted file system resources). */
  readonly transient: boolean;

  constructor(code: ModelStoreErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.transient = code === 'BACKEND_UNAVAILABLE';
  }
}

const TRANSIENT_FS_CODES = new Set(['EAGAIN', 'EBUSY', 'EMFILE', 'ENFILE', 'ETIMEDOUT', 'EINTR']);

/** Keeps ModelStoreErrors as they are and wraps file-system failures with what was being done. */
export function storeFailure(error: unknown, doing: string): ModelStoreError {
  if (error instanceof ModelStoreError) return error;
  const code = (error as { code?: unknown })?.code;
  const transient = typeof code === 'string' && TRANSIENT_FS_CODES.has(code);
  const detail = Error.isError(error) ? error.message : String(error);
  return new ModelStoreError(transient ? 'BACKEND_UNAVAILABLE' : 'BACKEND_ERROR', `${doing}: ${detail}`, {
    cause: error,
  });
}

export function isMissingFile(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
