/**
 * Users forgotten by `Privacy.ForgetUser`, by stored id, with the time of the request. Records
 * of theirs written before that time may still be on the topics (in flight, or read again after
 * a restart); a consumer drops them instead of storing them again. Records written after the
 * request are new activity and are kept.
 */
export class ForgottenUsers {
  private readonly forgottenAt = new Map<string, number>();

  forget(storedIds: readonly string[], requestedAt: Date): void {
    const at = requestedAt.getTime();
    for (const id of storedIds) {
      if (id !== '' && at > (this.forgottenAt.get(id) ?? Number.NEGATIVE_INFINITY)) this.forgottenAt.set(id, at);
    }
  }

  /**
   * True unless `userId` was forgotten at or after `receivedAtMs` (when the record's data reached
   * the platform). A record of a forgotten user whose time is unknown is dropped.
   */
  keeps(userId: string | undefined, receivedAtMs: number | undefined): boolean {
    if (!userId || this.forgottenAt.size === 0) return true;
    const forgottenAt = this.forgottenAt.get(userId);
    if (forgottenAt === undefined) return true;
    return receivedAtMs !== undefined && receivedAtMs > forgottenAt;
  }

  get size(): number {
    return this.forgottenAt.size;
  }
}
