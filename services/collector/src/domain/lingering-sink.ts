import type { Event } from '@demand/contracts';
import type { RawEventSink } from '../ports/raw-event-sink.port.js';

export interface LingerSettings {
  /** How long the first waiting call's events wait for other calls' to join them (> 0; 0 means no lingering sink). */
  lingerMs: number;
  /** A gathered write is closed once a partition holds this many events (one call is never split). */
  maxEventsPerRecord: number;
  /**
   * The partition of the raw topic an event's key hashes to (one record per partition a write); handed to the
   * sink, whose bus throws for a record whose key hashes to another.
   */
  partitionOf: (event: Event) => number;
  /** The raw topic's partitions. */
  partitions: number;
}

/** A write after `close()`: the collector is stopping; transient, so the client re-sends it (UNAVAILABLE). */
export class SinkClosedError extends Error {
  readonly transient = true;

  constructor() {
    super('the collector is stopping; retry against another instance');
    this.name = 'SinkClosedError';
  }
}

interface Waiter {
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** Calls' events waiting to be written together, in the order `write()` was called. */
class Gather {
  readonly events: Event[] = [];
  readonly received: (Uint8Array | undefined)[] = [];
  /** Each event's partition, as counted for the cap: handed to the sink so it is not computed again. */
  readonly partitions: number[] = [];
  readonly waiters: Waiter[] = [];
  hasReceived = false;
  timer: NodeJS.Timeout | undefined;

  constructor(readonly perPartition: number[]) {}
}

/**
 * Gathers the events of calls arriving within `lingerMs` into one write, so the raw topic gets one
 * record per partition for many calls instead of one per call (each record costs the broker and every
 * stage after it). Events keep the order `write()` was called in: a user's (one partition) stay in order
 * across calls a client sends after the previous one's answer; concurrent calls may be reordered (an
 * earlier write fails and is retried, a later one succeeds). The write happens when the window ends or a
 * partition's events reach `maxEventsPerRecord` (a call that would take a partition holding events past it
 * goes to the next write; one call is never split); every call in a write is answered when that write is:
 * resolved once durably written, or rejected with its error (the client retries; the stages after the
 * collector drop repeats by event id). `close()` (at stop) writes what waits at once and refuses later calls.
 */
export class LingeringRawEventSink implements RawEventSink {
  private gather: Gather | undefined;
  private readonly writing = new Set<Promise<void>>();
  private closed = false;

  constructor(
    private readonly sink: RawEventSink,
    private readonly settings: LingerSettings,
  ) {}

  write(events: readonly Event[], received?: readonly (Uint8Array | undefined)[]): Promise<void> {
    if (this.closed) return Promise.reject(new SinkClosedError());
    const callPartitions = events.map((event) => this.settings.partitionOf(event));
    const callCounts = this.countPerPartition(callPartitions);
    if (this.gather && this.wouldPassCap(this.gather.perPartition, callCounts)) void this.flush();
    const gather = this.gather ?? this.open(callCounts.length);
    const answered = new Promise<void>((resolve, reject) => gather.waiters.push({ resolve, reject }));
    this.append(gather, events, received, callPartitions, callCounts);
    if (gather.perPartition.some((n) => n >= this.settings.maxEventsPerRecord)) void this.flush();
    return answered;
  }

  /** Refuses later calls (transiently) and writes what waits; resolves once every write has settled. */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
  }

  /** Writes what waits now; resolves once every write started so far has settled. */
  async flush(): Promise<void> {
    const gather = this.gather;
    if (gather) {
      this.gather = undefined;
      clearTimeout(gather.timer);
      const written = this.writeGathered(gather);
      this.writing.add(written);
      void written.finally(() => this.writing.delete(written));
    }
    await Promise.all(this.writing);
  }

  private open(partitions: number): Gather {
    const gather = new Gather(new Array<number>(partitions).fill(0));
    gather.timer = setTimeout(() => void this.flush(), this.settings.lingerMs);
    this.gather = gather;
    return gather;
  }

  private append(
    gather: Gather,
    events: readonly Event[],
    received: readonly (Uint8Array | undefined)[] | undefined,
    partitions: readonly number[],
    counts: readonly number[],
  ): void {
    for (let i = 0; i < events.length; i++) {
      gather.events.push(events[i]!);
      gather.received.push(received?.[i]);
      gather.partitions.push(partitions[i]!);
    }
    if (received) gather.hasReceived = true;
    for (let p = 0; p < counts.length; p++) gather.perPartition[p]! += counts[p]!;
  }

  /** Answers every call of the gather with the write's outcome; never rejects itself. */
  private async writeGathered(gather: Gather): Promise<void> {
    try {
      await this.sink.write(gather.events, gather.hasReceived ? gather.received : undefined, gather.partitions);
    } catch (error) {
      for (const waiter of gather.waiters) waiter.reject(error);
      return;
    }
    for (const waiter of gather.waiters) waiter.resolve();
  }

  private countPerPartition(partitions: readonly number[]): number[] {
    const counts = new Array<number>(this.settings.partitions).fill(0);
    for (const partition of partitions) counts[partition]!++;
    return counts;
  }

  private wouldPassCap(pending: readonly number[], call: readonly number[]): boolean {
    return pending.some((n, p) => n > 0 && n + call[p]! > this.settings.maxEventsPerRecord);
  }
}
