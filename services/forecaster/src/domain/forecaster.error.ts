/** The forecaster's one error type; codes are named like gRPC statuses so the mapper keeps them. */
export type ForecasterErrorCode = 'INVALID_ARGUMENT' | 'NOT_FOUND' | 'FAILED_PRECONDITION';

export class ForecasterError extends Error {
  override readonly name = 'ForecasterError';
  readonly transient = false;

  constructor(
    readonly code: ForecasterErrorCode,
    readonly field: string,
    message: string,
  ) {
    super(field ? `${field}: ${message}` : message);
  }
}

export const invalid = (field: string, message: string) => new ForecasterError('INVALID_ARGUMENT', field, message);
