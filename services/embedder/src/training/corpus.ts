export { itemDocument } from '../domain/item-document.js';

/**
 * What the embedder's models learn from: the shop's own texts. Catalog entries and running text
 * train the encoder; reviews with their stars (weak sentiment labels) and labelled customer
 * turns train the heads.
 */
export interface TrainingCorpus {
  /** One document per catalog item (titles in every language, brand, categories, description). */
  items: string[];
  reviews: { text: string; rating: number }[];
  queries: string[];
  dialogTurns: { text: string; intent?: string }[];
  /** Where the corpus came from, recorded with the models trained on it. */
  source: Record<string, unknown>;
}

/** Stars to a weak sentiment label: 1–2 negative, 3 neutral, 4–5 positive. */
export function sentimentFromRating(rating: number): 'negative' | 'neutral' | 'positive' {
  if (rating <= 2) return 'negative';
  return rating === 3 ? 'neutral' : 'positive';
}

export const SENTIMENT_LABELS = ['negative', 'neutral', 'positive'] as const;
