export type EncoderErrorCode =
  | 'INVALID_ENCODER_CONFIG'
  | 'INVALID_MODEL_DIRECTORY'
  | 'INVALID_WEIGHTS'
  | 'MODEL_LOAD_FAILED'
  | 'MODEL_INTERFACE_MISMATCH'
  | 'QUEUE_FULL'
  | 'BATCHER_CLOSED';

/** The one error type of the text encoder; `code` is what transports map (e.g. QUEUE_FULL → RESOURCE_EXHAUSTED). */
export class EncoderError extends Error {
  override readonly name = 'EncoderError';

  constructor(
    readonly code: EncoderErrorCode,
    message: string,
  ) {
    super(message);
  }
}
