import type { CleanEvent } from '@demand/contracts';
import type { ForgottenUsers } from '@demand/forgotten-users';
import type { EventRow } from './event-rows.js';

/** True unless the event is a forgotten user's, received (or, lacking that, occurred) before they were forgotten. */
export function keepsEvent(forgotten: ForgottenUsers, clean: CleanEvent): boolean {
  const event = clean.event;
  return forgotten.keeps(event?.userId, (event?.receivedAt ?? event?.occurredAt)?.getTime());
}

/** `keepsEvent` for an event already made a row (`received_at` is the receive time, or else the occurrence). */
export function keepsRow(forgotten: ForgottenUsers, row: EventRow): boolean {
  return forgotten.keeps(row.user_id, row.received_at as number);
}
