import type { EventBus, PublishOptions } from '@demand/bus';
import type { Event, TopicDefinition } from '@demand/contracts';
import { rawPartitionOf } from '../src/adapters/bus-raw-event-sink.adapter.js';
import type { RawEventSink } from '../src/ports/raw-event-sink.port.js';

/** The bus as `BusRawEventSink` sees it: each publish is one batched write (one record per partition); fails on demand. */
export class CapturingBus {
  readonly publishes: { messages: Event[]; ids: string[]; options: PublishOptions<Event> }[] = [];
  failNext = false;

  async publish<T>(_topic: TopicDefinition<T>, messages: readonly T[], options: PublishOptions<T> = {}) {
    await new Promise((resolve) => setImmediate(resolve));
    if (this.failNext) {
      this.failNext = false;
      throw new Error('broker unavailable');
    }
    const events = [...messages] as Event[];
    this.publishes.push({
      messages: events,
      ids: events.map((e) => e.eventId),
      options: options as PublishOptions<Event>,
    });
  }

  /** The records of publish `i`: per partition, the ids in record order. */
  records(i: number): Map<number, string[]> {
    const records = new Map<number, string[]>();
    for (const event of this.publishes[i]!.messages) {
      const partition = rawPartitionOf(event);
      records.set(partition, [...(records.get(partition) ?? []), event.eventId]);
    }
    return records;
  }

  asBus(): EventBus {
    return this as unknown as EventBus;
  }
}

/** Keeps what was written; fails the next `failures` writes. */
export class RecordingSink implements RawEventSink {
  readonly written: Event[] = [];
  failures = 0;

  async write(events: readonly Event[]): Promise<void> {
    if (this.failures > 0) {
      this.failures--;
      throw Object.assign(new Error('broker unavailable'), { transient: true });
    }
    this.written.push(...events);
  }
}
