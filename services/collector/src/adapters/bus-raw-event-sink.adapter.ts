import { Topics, type Event } from '@demand/contracts';
import type { EventBus } from '@demand/bus';
import type { RawEventSink } from '../ports/raw-event-sink.port.js';

/** Writes accepted events to events.raw.v1, one batched record per partition; resolves when the broker acknowledged them. */
export class BusRawEventSink implements RawEventSink {
  constructor(private readonly bus: EventBus) {}

  write(events: readonly Event[]): Promise<void> {
    return this.bus.publish(Topics.eventsRaw, events, { batched: true });
  }
}
