import type { CleanEvent } from '@demand/contracts';

/**
 * Users forgotten by `Privacy.ForgetUser`, by stored id, with the time of the request. Events
 * of theirs that the collector received before that time may still be on the topics (in flight,
 * or read again after a restart); they are dropped instead of being stored again. Events
 * received after the request are new activity and are kept. Rebuilt at start from
 * privacy.forget.v1, so the topic must keep its records at least as long as events can wait on
 * the topics before being consumed.
 */
export class ForgottenUsers {
  private readonly forgottenAt = new Map<string, number>();

  forget(storedIds: readonly string[], requestedAt: Date): void {
    const at = requestedAt.getTime();
    for (const id of storedIds) {
      if (id !== '' && at > (this.forgottenAt.get(id) ?? Number.NEGATIVE_INFINITY)) this.forgottenAt.set(id, at);
    }
  }

  /** True unless the event is a forgotten user's, received before they were forgotten. */
  keeps(clean: CleanEvent): boolean {
    const userId = clean.event?.userId;
    if (!userId || this.forgottenAt.size === 0) return true;
    const forgottenAt = this.forgottenAt.get(userId);
    if (forgottenAt === undefined) return true;
    const receivedAt = clean.event?.receivedAt?.getTime() ?? clean.event?.occurredAt?.getTime();
    return receivedAt !== undefined && receivedAt > forgottenAt;
  }

  get size(): number {
    return this.forgottenAt.size;
  }
}
