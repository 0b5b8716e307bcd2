import type { Announcements } from '../ports/announcements.port.js';
import type { FeedbackStore } from '../ports/feedback-store.port.js';

/**
 * Every retraining request (operator, drift, schedule) goes out on training.requested.v1 and is
 * recorded in `training_requests`, so cooldowns and schedules hold across restarts.
 */
export class TrainingRequests {
  constructor(
    private readonly store: FeedbackStore,
    private readonly announcements: Announcements,
  ) {}

  async request(model: string, reason: string, atMs: number): Promise<void> {
    await this.announcements.requestTraining(model, reason, new Date(atMs));
    await this.store.saveTrainingRequest({ model, reason, requestedAtMs: atMs });
  }

  /** When the model was last asked to retrain, for any reason; undefined if never. */
  async lastRequestAt(model: string): Promise<number | undefined> {
    return this.store.lastTrainingRequestAt(model);
  }

  /** Asks each model whose last request is at least its period old; returns the models asked. */
  async requestScheduled(schedule: ReadonlyMap<string, number>, nowMs: number): Promise<string[]> {
    const asked: string[] = [];
    for (const [model, everyMs] of schedule) {
      const last = await this.lastRequestAt(model);
      if (last !== undefined && nowMs - last < everyMs) continue;
      await this.request(model, 'schedule', nowMs);
      asked.push(model);
    }
    return asked;
  }
}
