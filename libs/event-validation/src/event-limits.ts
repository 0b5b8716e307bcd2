/** Size limits on what the collector accepts; each is checked with an error naming the field. */
export interface EventLimits {
  maxBatchEvents: number;
  maxIdLength: number;
  maxTextLength: number;
  maxQueryLength: number;
  maxQuantity: number;
  maxPrice: number;
  maxAttributes: number;
  /** How far in the future occurred_at may be (client clocks drift). */
  futureToleranceMs: number;
}

export const defaultEventLimits: EventLimits = {
  maxBatchEvents: 5000,
  maxIdLength: 128,
  maxTextLength: 10_000,
  maxQueryLength: 512,
  maxQuantity: 10_000,
  maxPrice: 10_000_000,
  maxAttributes: 64,
  futureToleranceMs: 5 * 60_000,
};
