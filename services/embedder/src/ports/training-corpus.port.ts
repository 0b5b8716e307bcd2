import type { TrainingCorpus } from '../training/corpus.js';

/** The shop's texts as stored on their way through the embedder, for the training corpus. */
export interface TrainingTextRow {
  text_id: string;
  kind: 'item' | 'review' | 'query' | 'dialog_turn';
  text: string;
  /** Review stars, 0 otherwise. */
  rating: number;
  /** Dialog turns: 'customer' or 'agent'. */
  role: string;
  item_id: string;
  user_id: string;
  language: string;
  /** ISO 8601, UTC. */
  occurred_at: string;
}

/** Where texts the shop sent are kept for training (written as they are indexed). */
export interface TrainingTextSink {
  record(rows: readonly TrainingTextRow[]): Promise<void>;
}

/** How much of each kind a corpus holds, to tell whether it is enough to train on. */
export interface CorpusCounts {
  items: number;
  reviews: number;
  labelledTurns: number;
}

/**
 * The shop's own training data: catalog items, reviews with their stars, search queries with
 * what was clicked after them, customer-service turns and operator labels, over the latest
 * window of `days` days.
 */
export interface TrainingCorpusSource {
  read(window: { days: number; now: Date }): Promise<TrainingCorpus>;
}
