import type { DecisionRow, DriftCheckRow, TrainingRequestRow } from './feedback-store.port.js';

export interface PublishedVersionRow {
  model: string;
  version: string;
  offlineMetrics: Record<string, number>;
  receivedAtMs: number;
}

/** Reads of the feedback service's audit trail, for operators (the console's models page). */
export interface ModelHistoryStore {
  /** The model's published versions, newest first, at most `limit`. */
  publishedVersions(model: string, limit: number): Promise<PublishedVersionRow[]>;
  /** The model's promotions and rollbacks, newest first, at most `limit`. */
  recentDecisions(model: string, limit: number): Promise<DecisionRow[]>;
  /** Every finding of the newest drift check; empty before the first. */
  latestDriftCheck(): Promise<DriftCheckRow[]>;
  /** Retraining requests of every model, newest first, at most `limit`. */
  recentTrainingRequests(limit: number): Promise<TrainingRequestRow[]>;
}
