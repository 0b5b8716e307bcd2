/**
 * Calls in `count` lanes with one call on the wire per lane: a key always takes the same lane, so
 * the calls carrying one key's records leave one after another, each once the one before was
 * answered (a call refused and retried later, or answered by another server replica, is never
 * overtaken), while the other lanes' calls run beside it. A call added to a busy lane waits in it,
 * and `add` returns at once, so a reader goes on parsing and fills the other lanes while one lane
 * (one heavy key) is busy; only when the calls waiting in all lanes hold more than `bufferBytes`
 * does `add` wait for some of them to leave. The first failure is thrown by the next `add` (which
 * then starts nothing), at once by an `add` waiting for room, or by `drain`; calls still in flight
 * then are waited for, never abandoned.
 */
export class CallLanes {
  private readonly running: Promise<void>[];
  private failed = false;
  private failure: unknown;
  /** Bytes of the calls added but not started yet. */
  private waitingBytes = 0;
  private readonly readers: (() => void)[] = [];

  constructor(
    readonly count: number,
    readonly bufferBytes = Number.POSITIVE_INFINITY,
  ) {
    if (!Number.isInteger(count) || count < 1) throw new RangeError(`count must be a positive integer (got ${count})`);
    this.running = Array.from({ length: count }, () => Promise.resolve());
  }

  /** The lane of `key`: FNV-1a over its UTF-16 units, modulo `count`. */
  laneOf(key: string): number {
    let hash = 0x811c9dc5;
    for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
    return (hash >>> 0) % this.count;
  }

  /**
   * Queues the call (`bytes` big) to start once the lane's call before it has ended (and nothing
   * failed); resolves once the calls waiting hold no more than `bufferBytes`.
   */
  async add(lane: number, start: () => Promise<unknown>, bytes = 0): Promise<void> {
    const before = this.running[lane];
    if (before === undefined) throw new RangeError(`lane ${lane} is not one of 0-${this.count - 1}`);
    this.throwIfFailed();
    this.waitingBytes += bytes;
    this.running[lane] = before
      .then(() => {
        this.waitingBytes -= bytes;
        for (const wake of this.readers.splice(0)) wake();
        return this.failed ? undefined : start();
      })
      .then(
        () => undefined,
        (error: unknown) => {
          if (this.failed) return;
          this.failed = true;
          this.failure = error;
          // The calls ahead of a waiting reader may be held for long: it learns of the failure now.
          for (const wake of this.readers.splice(0)) wake();
        },
      );
    while (!this.failed && this.waitingBytes > this.bufferBytes)
      await new Promise<void>((wake) => this.readers.push(wake));
    this.throwIfFailed();
  }

  /** Waits for every call; throws the first failure. */
  async drain(): Promise<void> {
    await Promise.all(this.running);
    this.throwIfFailed();
  }

  private throwIfFailed(): void {
    if (this.failed) throw this.failure;
  }
}
