import type { RecsServed } from '@demand/contracts';
import type { Logger } from '@demand/telemetry';
import type { ServedLists } from '../ports/served-lists.port.js';

/**
 * Sends served lists in batches off the request path: a list is queued when the answer goes out
 * and sent within `maxWaitMs` (or once `maxBatch` are waiting), so a request does not wait for
 * the sink. A failed batch is logged with its size (the lists are an impression log: attribution
 * degrades, answers do not fail) and counted (`droppedLists`); `flush` drains on shutdown.
 */
export class BatchedServedLists implements ServedLists {
  private pending: RecsServed[] = [];
  private timer: NodeJS.Timeout | undefined;
  private sending: Promise<void> = Promise.resolve();
  private dropped = 0;

  constructor(
    private readonly sink: { name: string; send(batch: RecsServed[]): Promise<unknown> },
    private readonly logger: Logger,
    private readonly maxWaitMs = 20,
    private readonly maxBatch = 500,
  ) {}

  /** Where the lists go, as the logs and `recommender_served_lists_dropped_total` name it. */
  get destination(): string {
    return this.sink.name;
  }

  /** Lists whose batch failed to send since start. */
  get droppedLists(): number {
    return this.dropped;
  }

  publish(served: RecsServed): void {
    this.pending.push(served);
    if (this.pending.length >= this.maxBatch) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.maxWaitMs);
  }

  /** Sends what is waiting; resolves when every batch handed over so far has been sent or logged. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    if (batch.length > 0) {
      // The sink may throw before it returns a promise (a row it cannot encode): that batch is lost, the next go on.
      this.sending = this.sending
        .then(() => this.sink.send(batch))
        .then(
          () => undefined,
          (err: unknown) => {
            this.dropped += batch.length;
            this.logger.error({ err, lists: batch.length }, `served lists not written to ${this.sink.name}`);
          },
        );
    }
    return this.sending;
  }
}

/** Every served list to each of several destinations (e.g. the topic and the service's own table). */
export class ServedListsToAll implements ServedLists {
  constructor(private readonly destinations: readonly (ServedLists & { flush(): Promise<void> })[]) {}

  publish(served: RecsServed): void {
    for (const destination of this.destinations) destination.publish(served);
  }

  async flush(): Promise<void> {
    await Promise.all(this.destinations.map((d) => d.flush()));
  }
}
