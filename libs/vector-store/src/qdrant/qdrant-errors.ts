import { QdrantClientResourceExhaustedError, QdrantClientTimeoutError } from '@qdrant/js-client-rest';
import { VectorStoreError } from '../vector-store.error.js';

const NETWORK_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

interface HttpFailure {
  status: number;
  data?: unknown;
}

/** The HTTP status of a failed call, when the server answered (the client's ApiError). */
export function httpStatusOf(error: unknown): number | undefined {
  const status = (error as Partial<HttpFailure> | null)?.status;
  return Error.isError(error) && typeof status === 'number' ? status : undefined;
}

/**
 * Turns whatever the Qdrant client threw into a VectorStoreError: the server's 4xx keep their
 * meaning; 5xx, 408, 429, timeouts and connection failures are `transient`.
 */
export function toVectorStoreError(error: unknown, action: string): VectorStoreError {
  if (error instanceof VectorStoreError) return error;
  const status = httpStatusOf(error);
  if (status !== undefined) {
    const detail = `${action}: Qdrant answered ${status}${serverMessage((error as HttpFailure).data)}`;
    if (status >= 500 || status === 408 || status === 429)
      return new VectorStoreError('BACKEND_UNAVAILABLE', detail, { cause: error });
    if (status === 404) return new VectorStoreError('NOT_FOUND', detail, { cause: error });
    if (status === 400 || status === 422) return new VectorStoreError('INVALID_ARGUMENT', detail, { cause: error });
    return new VectorStoreError('BACKEND_ERROR', detail, { cause: error });
  }
  if (
    error instanceof QdrantClientTimeoutError ||
    error instanceof QdrantClientResourceExhaustedError ||
    isNetworkFailure(error)
  ) {
    return new VectorStoreError('BACKEND_UNAVAILABLE', `${action}: Qdrant unreachable (${describe(error)})`, {
      cause: error,
    });
  }
  return new VectorStoreError('BACKEND_ERROR', `${action}: ${describe(error)}`, { cause: error });
}

function serverMessage(data: unknown): string {
  const message = (data as { status?: { error?: unknown } } | null)?.status?.error;
  if (typeof message === 'string') return `: ${message}`;
  return typeof data === 'string' && data !== '' ? `: ${data.slice(0, 200)}` : '';
}

/** fetch() rejects with TypeError('fetch failed') whose cause carries the socket error code. */
function isNetworkFailure(error: unknown): boolean {
  for (
    let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0;
    e && depth < 4;
    e = e.cause as typeof e, depth++
  ) {
    if (typeof e.code === 'string' && (NETWORK_ERROR_CODES.has(e.code) || e.code.startsWith('UND_ERR'))) return true;
  }
  return error instanceof TypeError && error.message === 'fetch failed';
}

function describe(error: unknown): string {
  if (!Error.isError(error)) return String(error);
  const cause = Error.isError(error.cause) ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}
