import { randomUUID } from 'node:crypto';
import { Event, type ItemUpsert } from '@demand/contracts';
import { validateEvent, validateItem, ValidationError, type EventLimits } from '@demand/event-validation';
import type { RawEventSink } from '../ports/raw-event-sink.port.js';

export interface IntakeResult {
  /** Events acknowledged to the client: everything valid, first copies and repeats alike. */
  acknowledged: number;
  /** Events written to the raw topic now. */
  written: number;
  /** Events not written because their id came earlier in the same call. */
  duplicates: number;
}

/**
 * The collector's job: check what clients send, stamp the server's receive time and hand the
 * events on. A batch is all or nothing for validation, so a client never has to guess which
 * part landed. Late events are taken as they are; the preprocessor flags them (the rule lives
 * there, once). It keeps no memory of ids between calls, so any replica can take any call: a
 * retried call is written again and the idempotent stages after it drop the copy (README,
 * "Duplicates and replicas").
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
    await this.writeNew([event], now);
    return event.eventId;
  }

  /** `received`: each event's bytes as the client sent them, when at hand (written as they are). */
  async trackBatch(events: readonly Event[], received?: readonly Uint8Array[]): Promise<IntakeResult> {
    this.checkBatchSize(events.length, 'events');
    const now = this.clock();
    events.forEach((event, index) => validateEvent(event, `events[${index}]`, this.limits, now));
    return this.writeNew(events, now, received);
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

  /** Writes the first copy of each id in the call; resolves once the broker acknowledged them. */
  private async writeNew(events: readonly Event[], now: Date, received?: readonly Uint8Array[]): Promise<IntakeResult> {
    const firsts = firstCopyOfEachId(events);
    const firstCopies = firsts ? firsts.map((i) => events[i]!) : events;
    // Decoded for this call alone: stamped in place, not copied (one object less per event).
    for (const event of firstCopies) event.receivedAt = now;
    await this.sink.write(firstCopies, received && firsts ? firsts.map((i) => received[i]!) : received);
    return { acknowledged: events.length, written: firstCopies.length, duplicates: events.length - firstCopies.length };
  }

  private checkBatchSize(size: number, field: string): void {
    if (size === 0) throw new ValidationError(field, 'must not be empty');
    if (size > this.limits.maxBatchEvents)
      throw new ValidationError(field, `must hold at most ${this.limits.maxBatchEvents} entries (got ${size})`);
  }
}

/** Positions of the first copy of each id, or undefined when every id comes once; one pass, one set operation per event. */
function firstCopyOfEachId(events: readonly Event[]): number[] | undefined {
  const ids = new Set<string>();
  let firsts: number[] | undefined;
  for (let i = 0; i < events.length; i++) {
    const known = ids.size;
    ids.add(events[i]!.eventId);
    if (ids.size > known) firsts?.push(i);
    else firsts ??= Array.from({ length: i }, (_, j) => j); // the first repeat: every earlier one was a first copy
  }
  return firsts;
}
