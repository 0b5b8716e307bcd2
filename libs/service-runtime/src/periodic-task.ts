import type { Logger } from '@demand/telemetry';

export interface PeriodicTaskOptions {
  /** Milliseconds between runs. */
  everyMs: number;
  /** Run once at start as well, not only a period after it. */
  runAtStart?: boolean;
  /** Logged, with the error, when a run fails; the schedule goes on. */
  failureMessage: string;
}

/**
 * Runs `run` every `everyMs` on an unref'd timer. A run still in progress is not doubled;
 * a failed run is logged and the next one comes as scheduled; `stop` waits for the run in flight.
 */
export class PeriodicTask {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly run: () => Promise<void>,
    private readonly options: PeriodicTaskOptions,
    private readonly logger: Logger,
  ) {}

  start(): void {
    if (this.options.runAtStart) this.tick();
    this.timer = setInterval(() => this.tick(), this.options.everyMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.run()
      .catch((error: unknown) => this.logger.error({ err: error }, this.options.failureMessage))
      .finally(() => {
        this.running = undefined;
      });
  }
}
