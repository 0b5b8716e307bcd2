/** Events handled between two yields of a step generator. */
const STEP_EVENTS = 4096;

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
