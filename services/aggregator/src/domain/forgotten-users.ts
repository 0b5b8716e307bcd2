import type { CleanEvent } from '@demand/contracts';
import type { ForgottenUsers } from '@demand/forgotten-users';

/** True unless the event is a forgotten user's, received (or, lacking that, occurred) before they were forgotten. */
export function keepsEvent(forgotten: ForgottenUsers, clean: CleanEvent): boolean {
  const event = clean.event;
  return forgotten.keeps(event?.userId, (event?.receivedAt ?? event?.occurredAt)?.getTime());
}
