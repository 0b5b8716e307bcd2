/** Codes named like gRPC statuses keep their meaning through a service's error mapper. */
export type MlErrorCode = 'INVALID_ARGUMENT' | 'FAILED_PRECONDITION';

/** The one error type of the ML lib: bad inputs, shapes or serialised models. */
export class MlError extends Error {
  override readonly name = 'MlError';
  readonly code: MlErrorCode;
  /** Pure math never succeeds on a retry. */
  readonly transient = false;

  constructor(code: MlErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

export function invalidArgument(message: string): MlError {
  return new MlError('INVALID_ARGUMENT', message);
}
