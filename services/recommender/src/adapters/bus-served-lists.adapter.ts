import type { EventBus } from '@demand/bus';
import { type RecsServed, Topics } from '@demand/contracts';
import type { Logger } from '@demand/telemetry';
import type { ServedLists } from '../ports/served-lists.port.js';

/**
 * Publishes served lists to recs.served.v1 in batches off the request path: a list is queued
 * when the answer goes out and sent within `maxWaitMs` (or once `maxBatch` are waiting), so a
 * request does not wait for Kafka. A failed batch is logged with its size (the lists are an
 * impression log: attribution degrades, answers do not fail); `flush` drains on shutdown.
 */
export class BusServedLists implements ServedLists {
  private pending: RecsServed[] = [];
  private timer: NodeJS.Timeout | undefined;
  private sending: Promise<void> = Promise.resolve();

  constructor(
    private readonly bus: EventBus,
    private readonly logger: Logger,
    private readonly maxWaitMs = 20,
    private readonly maxBatch = 500,
  ) {}

  async publish(served: RecsServed): Promise<void> {
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
      this.sending = this.sending.then(() =>
        this.bus.publish(Topics.recsServed, batch).catch((err: unknown) => {
          this.logger.error({ err, lists: batch.length }, 'served lists not published to recs.served.v1');
        }),
      );
    }
    return this.sending;
  }
}
