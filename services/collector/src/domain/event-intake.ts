import { randomUUID } from 'node:crypto';
import { Event, type ItemUpsert } from '@demand/contracts';
import { validateEvent, validateItem, ValidationError, type EventLimits } from '@demand/event-validation';
import type { RawEventSink } from '../ports/raw-event-sink.port.js';
import type { SeenEventIds } from '../ports/seen-event-ids.port.js';

export interface DeduplicationSettings {
  /** How long an event id is remembered: a copy sent within this time is acknowledged, not written again. */
  windowMs: number;
  /** Ids older than the window are forgotten at most this often. */
  pruneEveryMs: number;
}

export interface IntakeResult {
  /** Events acknowledged to the client: everything valid, first copies and repeats alike. */
  acknowledged: number;
  /** Events written to the raw topic now. */
  written: number;
  /** Events not written because their id was written before (within the window or earlier in the same call). */
  duplicates: number;
}

/**
 * The collector's job: check what clients send, stamp the server's receive time, hand new
 * events on and acknowledge repeats without writing them again. A batch is all or nothing
 * for validation, so a client never has to guess which part landed. Late events are taken
 * as they are; the preprocessor flags them (the rule lives there, once).
 */
export class EventIntake {
  private lastPrunedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly sink: RawEventSink,
    private readonly limits: EventLimits,
    private readonly seen: SeenEventIds,
    private readonly dedup: DeduplicationSettings,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async track(event: Event | undefined): Promise<string> {
    if (!event) throw new ValidationError('event', 'is required');
    const now = this.clock();
    validateEvent(event, 'event', this.limits, now);
    await this.writeNew([event], now);
    return event.eventId;
  }

  async trackBatch(events: readonly Event[]): Promise<IntakeResult> {
    this.checkBatchSize(events.length, 'events');
    const now = this.clock();
    events.forEach((event, index) => validateEvent(event, `events[${index}]`, this.limits, now));
    return this.writeNew(events, now);
  }

  async upsertItems(items: readonly ItemUpsert[]): Promise<number> {
    this.checkBatchSize(items.length, 'items');
    items.forEach((item, index) => validateItem(item, `items[${index}]`, this.limits));
    const now = this.clock();
    const events = items.map((item) =>
      Event.fromPartial({
        eventId: `item-upsert-${randomUUID()}`,
        occurredAt: now,
        receivedAt: now,
        source: 'catalog',
        payload: { $case: 'itemUpsert', itemUpsert: item },
      }),
    );
    await this.sink.write(events);
    return events.length;
  }

  /**
   * Writes the events whose id was not written within the window, then remembers them. Ids are
   * remembered only after the broker acknowledged the write, so a failed call can be retried.
   */
  private async writeNew(events: readonly Event[], now: Date): Promise<IntakeResult> {
    const at = now.getTime();
    const firstCopies = firstCopyOfEachId(events);
    const seen = await this.seen.seenSince(
      firstCopies.map((e) => e.eventId),
      at - this.dedup.windowMs,
    );
    const fresh = firstCopies.filter((e) => !seen.has(e.eventId));
    if (fresh.length > 0) {
      await this.sink.write(fresh.map((event) => ({ ...event, receivedAt: now })));
      await this.seen.record(
        fresh.map((e) => e.eventId),
        at,
      );
    }
    if (at - this.lastPrunedAt >= this.dedup.pruneEveryMs) {
      this.lastPrunedAt = at;
      await this.seen.forgetBefore(at - this.dedup.windowMs);
    }
    return { acknowledged: events.length, written: fresh.length, duplicates: events.length - fresh.length };
  }

  private checkBatchSize(size: number, field: string): void {
    if (size === 0) throw new ValidationError(field, 'must not be empty');
    if (size > this.limits.maxBatchEvents)
      throw new ValidationError(field, `must hold at most ${this.limits.maxBatchEvents} entries (got ${size})`);
  }
}

function firstCopyOfEachId(events: readonly Event[]): Event[] {
  const ids = new Set<string>();
  return events.filter((e) => !ids.has(e.eventId) && ids.add(e.eventId));
}
