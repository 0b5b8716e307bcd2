import type { Event } from '@demand/contracts';
import type { RawEventSink } from '../src/ports/raw-event-sink.port.js';
import type { SeenEventIds } from '../src/ports/seen-event-ids.port.js';

/** Seen ids in a map: the same contract as the SQLite store, without the file. */
export class InMemorySeenEventIds implements SeenEventIds {
  readonly ids = new Map<string, number>();

  async seenSince(ids: readonly string[], since: number): Promise<ReadonlySet<string>> {
    return new Set(ids.filter((id) => (this.ids.get(id) ?? Number.NEGATIVE_INFINITY) >= since));
  }

  async record(ids: readonly string[], at: number): Promise<void> {
    for (const id of ids) this.ids.set(id, at);
  }

  async forgetBefore(before: number): Promise<number> {
    let forgotten = 0;
    for (const [id, at] of this.ids) if (at < before && this.ids.delete(id)) forgotten++;
    return forgotten;
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
