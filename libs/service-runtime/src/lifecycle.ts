import type { Logger } from '@demand/telemetry';

/**
 * What a step is, which sets its place: resources (stores, the bus, models) start first,
 * then the consumers, then the gRPC server; shutdown runs the other way round.
 */
export type LifecycleStage = 'resource' | 'consumers' | 'grpc';

const stageOrder: readonly LifecycleStage[] = ['resource', 'consumers', 'grpc'];

interface Step {
  name: string;
  start: () => Promise<void>;
  stop: () => Promise<void>;
  stage: LifecycleStage;
}

/**
 * Start-up and shutdown order of a service's moving parts. Steps start stage by stage, in
 * the order they were added within a stage, and stop in reverse: the gRPC server stops taking
 * calls first, the consumers drain their batches next, and the stores close last.
 */
export class Lifecycle {
  private readonly steps: Step[] = [];
  private started: Step[] = [];

  constructor(private readonly logger: Logger) {}

  add(
    name: string,
    start: () => Promise<void>,
    stop: () => Promise<void> = async () => undefined,
    stage: LifecycleStage = 'resource',
  ): void {
    this.steps.push({ name, start, stop, stage });
  }

  async startAll(): Promise<void> {
    for (const stage of stageOrder) {
      for (const step of this.steps.filter((s) => s.stage === stage)) {
        await step.start();
        this.started.push(step);
        this.logger.debug({ step: step.name }, 'started');
      }
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
