import type { DecisionRow } from './feedback-store.port.js';

/** Where retraining requests and champion/challenger decisions are announced (the bus). */
export interface Announcements {
  requestTraining(model: string, reason: string, at: Date): Promise<void>;
  announceDecision(decision: DecisionRow): Promise<void>;
}
