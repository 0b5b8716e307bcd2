import { PeriodicTask } from '@demand/service-runtime';
import type { Logger } from '@demand/telemetry';
import type { FeedbackService } from '../domain/feedback-service.js';

/** The feedback check (metrics, gate, drift) every `everyMs`, the first one a period after start. */
export function checkSchedule(feedback: FeedbackService, everyMs: number, logger: Logger): PeriodicTask {
  const check = async () => {
    const { decisions, drift } = await feedback.check();
    for (const d of decisions) logger.info({ ...d }, `model ${d.decision}`);
    for (const [model, reason] of drift.requested) logger.warn({ model, reason }, 'retraining requested');
  };
  return new PeriodicTask(check, { everyMs, failureMessage: 'feedback check failed' }, logger);
}
