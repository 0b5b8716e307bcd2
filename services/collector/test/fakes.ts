import type { Event } from '@demand/contracts';
import type { RawEventSink } from '../src/ports/raw-event-sink.port.js';
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
