import type { EventBus } from '@demand/bus';
import { Topics } from '@demand/contracts';
import type { Announcements } from '../ports/announcements.port.js';
import type { DecisionRow } from '../ports/feedback-store.port.js';

/** training.requested.v1 and models.decisions.v1, keyed by model name. */
export class BusAnnouncements implements Announcements {
  constructor(private readonly bus: EventBus) {}

  requestTraining(model: string, reason: string, at: Date): Promise<void> {
    return this.bus.publish(Topics.trainingRequested, [{ model, reason, requestedAt: at.toISOString() }]);
  }

  announceDecision(decision: DecisionRow): Promise<void> {
    return this.bus.publish(Topics.modelDecisions, [
      {
        model: decision.model,
        version: decision.version,
        championVersion: decision.championVersion,
        decision: decision.decision,
        reason: decision.reason,
        decidedAt: new Date(decision.decidedAtMs).toISOString(),
      },
    ]);
  }
}
