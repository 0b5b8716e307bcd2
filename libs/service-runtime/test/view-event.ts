import { Event } from '@demand/contracts';

/** A minimal valid view event, its user derived from its id. */
export function viewEvent(eventId: string): Event {
  return Event.fromPartial({
    eventId,
    userId: `u-${eventId}`,
    sessionId: 's',
    source: 'test',
    payload: { $case: 'view', view: { itemId: 'i', surface: 'home', dwellMs: 1 } },
  });
}
