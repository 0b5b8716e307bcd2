import type { Logger } from '@demand/telemetry';
import type { FeedbackService } from '../domain/feedback-service.js';

/**
 * Runs the feedback check (metrics, gate, drift) every `everyMs`, the first one a period after
 * start. A check still running is not doubled; failures are logged and the schedule goes on.
 */
export class CheckSchedule {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly feedback: FeedbackService,
    private readonly everyMs: number,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.tick(), this.everyMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.feedback
      .check()
      .then(({ decisions, drift }) => {
        for (const d of decisions) this.logger.info({ ...d }, `model ${d.decision}`);
        for (const [model, reason] of drift.requested) this.logger.warn({ model, reason }, 'retraining requested');
      })
      .catch((error: unknown) => this.logger.error({ err: error }, 'feedback check failed'))
      .finally(() => {
        this.running = undefined;
      });
  }
}
