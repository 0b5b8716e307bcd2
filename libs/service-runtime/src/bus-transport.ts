import { type CustomTransportStrategy, type MessageHandler, Server } from '@nestjs/microservices';
import { isObservable, lastValueFrom } from 'rxjs';
import type { BatchOutcome, ConsumedRecord, ConsumerSpec, EventBus, Subscription } from '@demand/bus';
import type { Logger } from '@demand/telemetry';

/** Marks the handlers this transport serves (and no other transport does). */
export const BUS_TRANSPORT_ID = Symbol('demand-bus');

/** A consumer as @ConsumeBatches declares it: everything but the handler, which is the method. */
export type BatchConsumerOptions<T> = Omit<ConsumerSpec<T>, 'handle'>;

export interface BatchHandlerExtras {
  consumer: BatchConsumerOptions<unknown>;
}

/**
 * The event bus as a Nest transport: each @ConsumeBatches method becomes one bus
 * subscription that hands it whole batches. The bus keeps its consumer rules (commit only
 * after the handler resolves, transient errors retried and never committed, other failures
 * isolated and dead-lettered), so handler errors must reach it as thrown.
 */
export class BusTransport extends Server implements CustomTransportStrategy {
  override transportId = BUS_TRANSPORT_ID;
  override readonly propagatesEventHandlerErrors = true;
  private subscriptions: Subscription[] = [];

  constructor(
    private readonly bus: EventBus,
    private readonly log: Logger,
  ) {
    super();
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      await this.subscribeAll();
      callback();
    } catch (error) {
      callback(error);
    }
  }

  /** Stops every consumer after its batch in flight (which is then committed). */
  async close(): Promise<void> {
    const subscriptions = this.subscriptions;
    this.subscriptions = [];
    await Promise.all(subscriptions.map((s) => s.stop()));
  }

  on(): never {
    throw new Error('the bus transport has no events to listen to');
  }

  unwrap<T>(): T {
    return this.bus as T;
  }

  private async subscribeAll(): Promise<void> {
    const specs = [...this.messageHandlers.values()].map((handler): ConsumerSpec<unknown> => {
      const { consumer } = handler.extras as BatchHandlerExtras;
      return { ...consumer, handle: (batch) => this.deliver(handler, batch) };
    });
    const settled = await Promise.allSettled(specs.map((spec) => this.bus.subscribe(spec)));
    const subscribed = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) {
      await Promise.all(subscribed.map((s) => s.stop()));
      throw failed.reason;
    }
    this.subscriptions.push(...subscribed);
    if (subscribed.length > 0) {
      this.log.info({ consumers: subscribed.map((s) => `${s.groupId}@${s.topic}`) }, 'consuming');
    }
  }

  private async deliver(
    handler: MessageHandler,
    batch: ConsumedRecord<unknown>[],
  ): Promise<BatchOutcome<unknown> | undefined> {
    const result: unknown = await handler(batch);
    return (isObservable(result) ? await lastValueFrom(result, { defaultValue: undefined }) : result) as
      | BatchOutcome<unknown>
      | undefined;
  }
}
