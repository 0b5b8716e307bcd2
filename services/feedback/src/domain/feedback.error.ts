/** The feedback service's one error type; codes are named like gRPC statuses so the mapper keeps them. */
export class FeedbackError extends Error {
  override readonly name = 'FeedbackError';
  readonly transient = false;
  readonly code = 'INVALID_ARGUMENT';

  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}
