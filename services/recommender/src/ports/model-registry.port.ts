import type { TrainMetrics } from '../domain/train-model.js';

/** A trained model's record: what it is, the data window it learnt from, and its offline figures. */
export interface ModelRecord {
  /** The service's model version (`v3`), as in every answer's model_versions. */
  model: string;
  versions: Record<string, string>;
  metrics: TrainMetrics;
  /** The rankers as JSON (the learnt one, the cold-start one). */
  rankers: Record<string, unknown>;
}

/** Where each trained model version is published; resolves with the store's version number. */
export interface ModelRegistry {
  publish(record: ModelRecord): Promise<number>;
}
