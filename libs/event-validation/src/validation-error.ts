/** An event or request that cannot be accepted; `field` names where, e.g. `events[3].purchase.quantity`. */
export class ValidationError extends Error {
  readonly code = 'INVALID_ARGUMENT';
  constructor(
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${field}: ${problem}`);
    this.name = 'ValidationError';
  }
}
