/**
 * At most `limit` calls at a time: `add` waits while the window is full, so a reader goes on
 * parsing while earlier calls are on the wire. The first failure is thrown by the next `add` or
 * by `drain`; calls still in flight then are waited for, never abandoned.
 */
export class CallsInFlight {
  private readonly calls = new Set<Promise<void>>();
  private failed = false;
  private failure: unknown;

  constructor(private readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer (got ${limit})`);
  }

  /** Waits for a free place, then starts the call and tracks it. */
  async add(start: () => Promise<unknown>): Promise<void> {
    while (this.calls.size >= this.limit) await Promise.race(this.calls);
    this.throwIfFailed();
    const tracked: Promise<void> = start()
      .then(
        () => undefined,
        (error: unknown) => {
          if (this.failed) return;
          this.failed = true;
          this.failure = error;
        },
      )
      .then(() => void this.calls.delete(tracked));
    this.calls.add(tracked);
  }

  /** Waits for every call; throws the first failure. */
  async drain(): Promise<void> {
    await Promise.all(this.calls);
    this.throwIfFailed();
  }

  private throwIfFailed(): void {
    if (this.failed) throw this.failure;
  }
}
