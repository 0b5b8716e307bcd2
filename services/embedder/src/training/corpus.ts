import { createHash } from 'node:crypto';

export { itemDocument } from '../domain/item-document.js';

/** Where a corpus came from; only `shop` is the shop's own data (every other kind is a cold start). */
export type CorpusSource =
  | { kind: 'shop'; store: string }
  | { kind: 'generic-seed'; version: number }
  | { kind: 'seed-file'; path: string };

/** The time span of the shop's texts a corpus holds (ISO 8601, UTC); empty for seeds. */
export interface DataWindow {
  start: string;
  end: string;
}

/**
 * What the embedder's models learn from. Catalog entries and running text train the encoder;
 * reviews with their stars (weak sentiment labels), operator labels and labelled customer turns
 * train the heads. `clickedItems` pairs a search query with the catalog entries of what was clicked
 * after it, so the encoder learns that the query and those items share meaning.
 */
export interface TrainingCorpus {
  /** One document per catalog item (titles in every language, brand, categories, description). */
  items: string[];
  reviews: { text: string; rating: number; sentiment?: string }[];
  queries: { text: string; clickedItems?: string[] }[];
  dialogTurns: { text: string; intent?: string }[];
  source: CorpusSource;
  window: DataWindow;
}

/** Stars to a weak sentiment label: 1–2 negative, 3 neutral, 4–5 positive. */
export function sentimentFromRating(rating: number): 'negative' | 'neutral' | 'positive' {
  if (rating <= 2) return 'negative';
  return rating === 3 ? 'neutral' : 'positive';
}

export const SENTIMENT_LABELS = ['negative', 'neutral', 'positive'] as const;

/** A cold model: trained on something other than the shop's own data. */
export function isCold(source: CorpusSource): boolean {
  return source.kind !== 'shop';
}

const itemKey = (text: string): string => `i\t${text}`;
const reviewKey = (r: TrainingCorpus['reviews'][number]): string => `r\t${r.rating}\t${r.sentiment ?? ''}\t${r.text}`;
const queryKey = (q: TrainingCorpus['queries'][number]): string =>
  `q\t${q.text}\t${(q.clickedItems ?? []).join('\u0001')}`;
const turnKey = (t: TrainingCorpus['dialogTurns'][number]): string => `d\t${t.intent ?? ''}\t${t.text}`;

/**
 * sha256 over every text and label of the corpus in a canonical order: two corpora with the
 * same content hash alike whatever order the store returned them in.
 */
export function trainingSetHash(corpus: Pick<TrainingCorpus, 'items' | 'reviews' | 'queries' | 'dialogTurns'>): string {
  const lines = [
    ...corpus.items.map(itemKey),
    ...corpus.reviews.map(reviewKey),
    ...corpus.queries.map(queryKey),
    ...corpus.dialogTurns.map(turnKey),
  ].sort();
  const hash = createHash('sha256');
  for (const line of lines) hash.update(line).update('\n');
  return hash.digest('hex');
}

/**
 * The corpus in that canonical order: the same content trains the same models (holdout and
 * validation splits included) whatever order the store returned the rows in.
 */
export function inCanonicalOrder<T extends Pick<TrainingCorpus, 'items' | 'reviews' | 'queries' | 'dialogTurns'>>(
  corpus: T,
): T {
  const by =
    <E>(key: (e: E) => string) =>
    (a: E, b: E): number => {
      const [x, y] = [key(a), key(b)];
      return x < y ? -1 : x > y ? 1 : 0;
    };
  return {
    ...corpus,
    items: [...corpus.items].sort(by(itemKey)),
    reviews: [...corpus.reviews].sort(by(reviewKey)),
    queries: [...corpus.queries].sort(by(queryKey)),
    dialogTurns: [...corpus.dialogTurns].sort(by(turnKey)),
  };
}
