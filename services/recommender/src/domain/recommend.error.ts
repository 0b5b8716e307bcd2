export type RecommendErrorCode = 'INVALID_ARGUMENT' | 'NOT_FOUND' | 'UNAVAILABLE';

/** The recommender's one error type; its code is named like the gRPC status it becomes. */
export class RecommendError extends Error {
  override readonly name = 'RecommendError';
  constructor(
    readonly code: RecommendErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export const invalid = (field: string, problem: string) =>
  new RecommendError('INVALID_ARGUMENT', `${field}: ${problem}`);
