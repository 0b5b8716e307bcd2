import type { CleanEvent, Event } from '@demand/contracts';
import { validateEvent, ValidationError, type EventLimits } from '@demand/event-validation';
import type { RecentIds } from './recent-ids.js';

export const cleanEventSchemaVersion = 1;

export interface PreprocessResult {
  clean: CleanEvent[];
  /** Positions in the input that cannot be cleaned, with the reason; they belong in the DLQ. */
  rejected: { index: number; reason: string }[];
  duplicates: number;
}

/** How late an event may arrive before it is flagged `late`. */
export const lateAfterMs = 24 * 60 * 60_000;

/**
 * Cleans one batch of raw events: drops events whose id was already seen (in this batch
 * or the recent window), rejects events that break the contract, flags late arrivals.
 * The window is not changed here: call `remember` once the clean events are published,
 * so a failed publish is retried without the events counting as duplicates.
 */
export function preprocess(events: readonly Event[], seen: RecentIds, limits: EventLimits, now: Date): PreprocessResult {
  const result: PreprocessResult = { clean: [], rejected: [], duplicates: 0 };
  const inBatch = new Set<string>();
  events.forEach((event, index) => {
    if (seen.has(event.eventId) || inBatch.has(event.eventId)) {
      result.duplicates++;
      return;
    }
    try {
      validateEvent(event, 'event', limits, event.receivedAt ?? now);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      result.rejected.push({ index, reason: error.message });
      return;
    }
    inBatch.add(event.eventId);
    const receivedAt = event.receivedAt ?? now;
    const flags = receivedAt.getTime() - event.occurredAt!.getTime() > lateAfterMs ? ['late'] : [];
    result.clean.push({ event: { ...event, receivedAt }, flags, schemaVersion: cleanEventSchemaVersion });
  });
  return result;
}

export function remember(clean: readonly CleanEvent[], seen: RecentIds): void {
  for (const c of clean) if (c.event) seen.add(c.event.eventId);
}
