/**
 * Calls in `count` lanes with one call on the wire per lane: a key always takes the same lane, so
 * the calls carrying one key's records leave one after another, each once the one before was
 * answered (a call refused and retried later, or answered by another server replica, is never
 * overtaken), while the other lanes' calls run beside it. `add` waits for the lane's call before,
 * so a reader goes on parsing while calls are on the wire. The first failure is thrown by the next
 * `add` (which then starts nothing) or by `drain`; calls still in flight then are waited for, never
 * abandoned.
 */
export class CallLanes {
  private readonly running: Promise<void>[];
  private failed = false;
  private failure: unknown;

  constructor(readonly count: number) {
    if (!Number.isInteger(count) || count < 1) throw new RangeError(`count must be a positive integer (got ${count})`);
    this.running = Array.from({ length: count }, () => Promise.resolve());
  }

  /** The lane of `key`: FNV-1a over its UTF-16 units, modulo `count`. */
  laneOf(key: string): number {
    let hash = 0x811c9dc5;
    for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
    return (hash >>> 0) % this.count;
  }

  /** Starts the call once the lane's call before it has ended (and nothing failed); resolves when it started. */
  async add(lane: number, start: () => Promise<unknown>): Promise<void> {
    const before = this.running[lane];
    if (before === undefined) throw new RangeError(`lane ${lane} is not one of 0-${this.count - 1}`);
    this.running[lane] = before
      .then(() => (this.failed ? undefined : start()))
      .then(
        () => undefined,
        (error: unknown) => {
          if (this.failed) return;
          this.failed = true;
          this.failure = error;
        },
      );
    await before;
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
