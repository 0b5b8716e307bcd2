import type { BootstrapResult, Champions } from '../training/bootstrap-models.js';
import type { TrainingCorpus } from '../training/corpus.js';

export interface TrainingRequest {
  corpus: TrainingCorpus;
  /** Train the domain encoder too, or heads only for the encoder in `directory`. */
  encoder: { train: true } | { directory: string };
  /** Heads in service, scored on the new heads' holdout (heads-only retraining). */
  champions?: Champions;
}

export interface TrainingJob {
  /** Rejects with TrainingCancelled after cancel(), with the cause when training failed. */
  readonly result: Promise<BootstrapResult>;
  cancel(): Promise<void>;
}

/** Runs training away from the thread that serves (a worker thread in the service). */
export interface ModelTrainer {
  start(request: TrainingRequest): TrainingJob;
}

export class TrainingCancelled extends Error {
  override readonly name = 'TrainingCancelled';

  constructor() {
    super('training was cancelled');
  }
}
