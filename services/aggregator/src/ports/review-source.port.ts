/** One review with the embedder's sentiment and its item's top-level category. */
export interface ReviewRow {
  /** YYYY-MM-DD (UTC) it was written. */
  day: string;
  category: string;
  /** "positive", "neutral" or "negative". */
  label: string;
  text: string;
}

/** Reviews the embedder has judged, by the day they were written. */
export interface ReviewSource {
  /** Reviews of [fromDay, toDay] of items in a top-level category ('' = every item with one). */
  reviews(fromDay: string, toDay: string, category: string): Promise<ReviewRow[]>;
}
