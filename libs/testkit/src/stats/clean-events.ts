import type { Event } from '@demand/contracts';
import type { RunTruth } from '../truth/run-truth.js';

/**
 * The events a correct pipeline keeps, in stream order: bots' events and dirt the collector
 * must reject are dropped, and a re-sent event id only counts once. Dirt that is masked,
 * stripped or kept as text stays (its counts are unaffected).
 */
export function* cleanEvents(events: Iterable<Event>, truth: RunTruth): Generator<Event> {
  const seen = new Set<string>();
  for (const event of events) {
    if (seen.has(event.eventId)) continue;
    seen.add(event.eventId);
    if (truth.shouldKeep(event.eventId)) yield event;
  }
}
