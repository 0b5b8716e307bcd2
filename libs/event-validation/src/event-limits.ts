/** Size limits on what the collector accepts; each is checked with an error naming the field. */
export interface EventLimits {
  maxBatchEvents: number;
  maxIdLength: number;
  maxTextLength: number;
  maxQueryLength: number;
  maxQuantity: number;
  maxPrice: number;
  maxAttributes: number;
  /** Short free-form labels: source, surface, attribute names, language tags. */
  maxLabelLength: number;
  maxLocalizedTitles: number;
  /** How far in the future occurred_at may be (client clocks drift). */
  futureToleranceMs: number;
}

export const defaultEventLimits: EventLimits = {
  // A history import's calls of ~8000 events cost the stages after the collector less per event than 5000.
  maxBatchEvents: 10_000,
  maxIdLength: 128,
  maxTextLength: 10_000,
  maxQueryLength: 512,
  maxQuantity: 10_000,
  maxPrice: 10_000_000,
  maxAttributes: 64,
  maxLabelLength: 64,
  maxLocalizedTitles: 16,
  futureToleranceMs: 5 * 60_000,
};
