import { setImmediate as afterIo } from 'node:timers/promises';

/** Longest a refresh holds the event loop between two yields by default, ms. */
export const DEFAULT_SLICE_MS = 3;

/**
 * Runs `steps` to the end a slice of about `sliceMs` at a time, yielding to the event loop between slices
 * (after its I/O: calls that arrived meanwhile are answered), so no slice holds the thread much longer than
 * its longest step. Returns the steps' result.
 */
export async function inSlices<T>(steps: Generator<unknown, T>, sliceMs = DEFAULT_SLICE_MS): Promise<T> {
  let deadline = performance.now() + sliceMs;
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (performance.now() >= deadline) {
      await afterIo();
      deadline = performance.now() + sliceMs;
    }
  }
}

/** Events handled between two yields of a step generator. */
export const STEP_EVENTS = 4096;

/** Calls `each` on every event in order, as steps of STEP_EVENTS events (a yield after each full group). */
export function* eachEventInSteps<T>(events: readonly T[], each: (event: T) => void): Generator<void, void> {
  for (let i = 0; i < events.length; i++) {
    each(events[i]!);
    if (i % STEP_EVENTS === STEP_EVENTS - 1) yield;
  }
}

/** Runs `steps` to the end at once. */
export function drain<T>(steps: Generator<unknown, T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}
