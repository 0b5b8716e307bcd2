import type { DecisionRow, DriftCheckRow, TrainingRequestRow } from '../ports/feedback-store.port.js';
import type { ModelHistoryStore, PublishedVersionRow } from '../ports/model-history.port.js';

export interface ModelHistoryView {
  versions: PublishedVersionRow[];
  decisions: DecisionRow[];
  drift: DriftCheckRow[];
  trainingRequests: TrainingRequestRow[];
}

const MOST_ROWS = 50;

/** What happened to the gated model: its versions, the gate's decisions, the last drift check, retraining asked. */
export class ModelHistory {
  constructor(
    private readonly store: ModelHistoryStore,
    private readonly gatedModel: string,
  ) {}

  async read(): Promise<ModelHistoryView> {
    const [versions, decisions, drift, trainingRequests] = await Promise.all([
      this.store.publishedVersions(this.gatedModel, MOST_ROWS),
      this.store.recentDecisions(this.gatedModel, MOST_ROWS),
      this.store.latestDriftCheck(),
      this.store.recentTrainingRequests(MOST_ROWS),
    ]);
    return { versions, decisions, drift, trainingRequests };
  }
}
