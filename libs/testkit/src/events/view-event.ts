import { Event } from '@demand/contracts';

/** A minimal valid view event for tests of the bus and the services: its user and item derived from its id. */
export function viewEvent(eventId: string, userId = `u-${eventId}`): Event {
  return Event.fromPartial({
    eventId,
    userId,
    sessionId: 's',
    source: 'test',
    payload: { $case: 'view', view: { itemId: `i-${eventId}`, surface: 'home', dwellMs: 5 } },
  });
}
