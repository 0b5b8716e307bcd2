import { randomUUID } from 'node:crypto';
import { Event, type ItemUpsert } from '@demand/contracts';
import type { RawEventSink } from '../ports/raw-event-sink.port.js';
import { validateEvent, validateItem, ValidationError, type EventLimits } from '@demand/event-validation';

/**
 * The collector's job: check what clients send, stamp the server's receive time and hand
 * the events on. A batch is all or nothing, so a client never has to guess which part landed.
 */
export class EventIntake {
  constructor(
    private readonly sink: RawEventSink,
    private readonly limits: EventLimits,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async track(event: Event | undefined): Promise<string> {
    if (!event) throw new ValidationError('event', 'is required');
    const now = this.clock();
    validateEvent(event, 'event', this.limits, now);
    await this.sink.write([{ ...event, receivedAt: now }]);
    return event.eventId;
  }

  async trackBatch(events: readonly Event[]): Promise<number> {
    this.checkBatchSize(events.length, 'events');
    const now = this.clock();
    events.forEach((event, index) => validateEvent(event, `events[${index}]`, this.limits, now));
    await this.sink.write(events.map((event) => ({ ...event, receivedAt: now })));
    return events.length;
  }

  async upsertItems(items: readonly ItemUpsert[]): Promise<number> {
    this.checkBatchSize(items.length, 'items');
    items.forEach((item, index) => validateItem(item, `items[${index}]`, this.limits));
    const now = this.clock();
    const events = items.map((item) =>
      Event.fromPartial({ eventId: `item-upsert-${randomUUID()}`, occurredAt: now, receivedAt: now, source: 'catalog', payload: { $case: 'itemUpsert', itemUpsert: item } }),
    );
    await this.sink.write(events);
    return events.length;
  }

  private checkBatchSize(size: number, field: string): void {
    if (size === 0) throw new ValidationError(field, 'must not be empty');
    if (size > this.limits.maxBatchEvents) throw new ValidationError(field, `must hold at most ${this.limits.maxBatchEvents} entries (got ${size})`);
  }
}
