/** One list the recommender served, as the feedback service stores it. */
export interface ServedList {
  recommendationId: string;
  userId: string;
  servedAtMs: number;
  /** Shown order: index 0 is the first slot. */
  itemIds: readonly string[];
  scores?: readonly number[];
  arm: string;
  /** The version that ranked the list (e.g. the recommender's "ranker" version). */
  modelVersion: string;
  /** Where it was shown or who saw it ("home", "detail", …): metrics are also split by it. */
  segment: string;
}

export type OutcomeKind = 'click' | 'cart' | 'purchase';

/** A click, add-to-cart or purchase that may be owed to a served list. */
export interface Outcome {
  eventId: string;
  userId: string;
  itemId: string;
  kind: OutcomeKind;
  atMs: number;
  /** The list the click came from, when the shop says so (Click.rec_request_id). */
  recommendationId?: string;
  /** Money of a purchase line (quantity × unit price); 0 otherwise. */
  revenue: number;
  /** Units of a purchase line (for forecast accuracy); 0 or absent otherwise. */
  quantity?: number;
}

/** An outcome credited to one served list and slot. */
export interface Attribution {
  eventId: string;
  recommendationId: string;
  kind: OutcomeKind;
  /** Zero-based slot of the item in the list. */
  position: number;
  revenue: number;
}
