import type { Logger } from '@demand/telemetry';

interface Step {
  name: string;
  start: () => Promise<void>;
  stop: () => Promise<void>;
}

/**
 * Start-up and shutdown order of a service's moving parts. Steps start in the order they
 * were added and stop in reverse: stores before consumers before the gRPC server on the
 * way up; the gRPC server stops taking calls first and the stores close last on the way down.
 */
export class Lifecycle {
  private readonly steps: Step[] = [];
  private started: Step[] = [];

  constructor(private readonly logger: Logger) {}

  add(name: string, start: () => Promise<void>, stop: () => Promise<void> = async () => undefined): void {
    this.steps.push({ name, start, stop });
  }

  async startAll(): Promise<void> {
    for (const step of this.steps) {
      await step.start();
      this.started.push(step);
      this.logger.debug({ step: step.name }, 'started');
    }
  }

  /** Stops every started step even when one fails; the first failure is rethrown at the end. */
  async stopAll(): Promise<void> {
    let firstError: unknown;
    for (const step of [...this.started].reverse()) {
      try {
        await step.stop();
        this.logger.debug({ step: step.name }, 'stopped');
      } catch (error) {
        this.logger.error({ err: error, step: step.name }, 'failed to stop cleanly');
        firstError ??= error;
      }
    }
    this.started = [];
    if (firstError) throw firstError;
  }
}
