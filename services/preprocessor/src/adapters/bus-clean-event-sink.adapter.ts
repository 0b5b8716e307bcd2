import { Topics, type CleanEvent } from '@demand/contracts';
import type { EventBus } from '@demand/bus';
import type { CleanEventSink } from '../ports/clean-event-sink.port.js';

/** Publishes clean events to events.clean.v1 and waits for the broker's acknowledgement. */
export class BusCleanEventSink implements CleanEventSink {
  constructor(private readonly bus: EventBus) {}

  async write(events: readonly CleanEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.bus.publish(Topics.eventsClean, events, { idOf: (e) => e.event?.eventId ?? '' });
  }
}
