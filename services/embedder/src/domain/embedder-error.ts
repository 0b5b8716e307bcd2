import { EncoderError } from '@demand/onnx-encoder';

/** Codes named like gRPC statuses, so the one error mapper keeps their meaning and message. */
export type EmbedderErrorCode = 'INVALID_ARGUMENT' | 'UNAVAILABLE' | 'RESOURCE_EXHAUSTED' | 'FAILED_PRECONDITION';

/** The embedder's domain error. */
export class EmbedderError extends Error {
  override readonly name = 'EmbedderError';

  constructor(
    readonly code: EmbedderErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function invalidArgument(field: string, problem: string): EmbedderError {
  return new EmbedderError('INVALID_ARGUMENT', `${field}: ${problem}`);
}

/**
 * The encoder's own errors as what a caller can act on: a full queue is RESOURCE_EXHAUSTED
 * (back off), a closing encoder UNAVAILABLE (retry elsewhere); anything else is rethrown as is.
 */
export function asCallerError(error: unknown): unknown {
  if (error instanceof EncoderError && error.code === 'QUEUE_FULL')
    return new EmbedderError('RESOURCE_EXHAUSTED', error.message, { cause: error });
  if (error instanceof EncoderError && error.code === 'BATCHER_CLOSED')
    return new EmbedderError('UNAVAILABLE', error.message, { cause: error });
  return error;
}
