import type { Logger } from '@demand/telemetry';
import type { DemandRefresher } from '../domain/demand-refresh.js';

/**
 * Ticks the refresher: once at start, then every `everyMs` (a full refit when due, otherwise the
 * days closed since). A tick that is still running is not doubled; failures are logged, the
 * schedule goes on.
 */
export class RefreshSchedule {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly refresher: DemandRefresher,
    private readonly everyMs: number,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.tick();
    this.timer = setInterval(() => this.tick(), this.everyMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private tick(): void {
    if (this.running) return;
    const started = Date.now();
    this.running = this.refresher
      .tick()
      .then((done) => {
        if (done !== 'none')
          this.logger.info(
            { done, ms: Date.now() - started, ...this.refresher.heldSet() },
            'demand forecasts refreshed',
          );
      })
      .catch((error: unknown) => this.logger.error({ err: error }, 'demand forecast refresh failed'))
      .finally(() => {
        this.running = undefined;
      });
  }
}
