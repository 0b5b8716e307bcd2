/** Codes named like gRPC statuses keep their meaning through a service's error mapper. */
export type ForecastErrorCode = 'INVALID_ARGUMENT' | 'FAILED_PRECONDITION';

/** The one error type of the forecasting lib; `field` names the offending input. */
export class ForecastError extends Error {
  override readonly name = 'ForecastError';
  readonly transient = false;

  constructor(
    readonly code: ForecastErrorCode,
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

export function invalidSeries(field: string, message: string): ForecastError {
  return new ForecastError('INVALID_ARGUMENT', field, message);
}
