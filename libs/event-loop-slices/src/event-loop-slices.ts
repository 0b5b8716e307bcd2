import { setImmediate as afterIo } from 'node:timers/promises';

/** Longest a run holds the event loop between two yields by default, ms. */
export const DEFAULT_SLICE_MS = 3;

/**
 * Runs step generators to the end a slice of about `sliceMs` at a time, yielding to the event loop between slices
 * (after its I/O: calls that arrived meanwhile are answered). A slice outlives a run: runs one after another with
 * no turn of the event loop between them (awaiting a finished run does not yield to it) share one, so no slice
 * holds the thread much longer than its longest step however the steps are split into runs. A run after a turn
 * (its caller awaited I/O) starts a slice of its own. Runs called while another is under way wait for it (and for
 * the runs called before them), so overlapping callers share the slices too rather than each holding a full one
 * per turn.
 */
export class EventLoopSlices {
  private deadline = Number.NEGATIVE_INFINITY;
  /** Whether the event loop turned since the last run ended (`watchForTurn`). */
  private turned = true;
  private watching = false;
  /** Settles once the last run called so far has ended (the runs before it first). */
  private lastRun: Promise<unknown> = Promise.resolve();
  private readonly noteTurn = () => {
    this.watching = false;
    this.turned = true;
  };

  /**
   * `sliceMs`: 0 or more (0: a yield after every step). `now`: the clock slices are timed by, ms (tests pass a fake
   * one).
   */
  constructor(
    private readonly sliceMs = DEFAULT_SLICE_MS,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!(Number.isFinite(sliceMs) && sliceMs >= 0)) throw new RangeError(`slice of ${sliceMs} ms: not a time`);
  }

  /** Runs `steps` to the end, after the runs called before it; returns their result. */
  run<T>(steps: Generator<unknown, T>): Promise<T> {
    const result = this.lastRun.then(() => this.runNow(steps));
    // The caller of `run` gets its failure; the queue only waits for it to settle.
    this.lastRun = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  private async runNow<T>(steps: Generator<unknown, T>): Promise<T> {
    if (this.turned) this.startSlice();
    try {
      for (;;) {
        const step = steps.next();
        if (step.done) return step.value;
        if (this.now() >= this.deadline) {
          await afterIo();
          this.startSlice();
        }
      }
    } finally {
      this.watchForTurn();
    }
  }

  private startSlice(): void {
    this.turned = false;
    this.deadline = this.now() + this.sliceMs;
  }

  /** Notes the next turn of the event loop: the next run then starts a slice of its own. */
  private watchForTurn(): void {
    if (this.watching) return;
    this.watching = true;
    setImmediate(this.noteTurn);
  }
}
