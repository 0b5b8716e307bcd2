import { replaceKafkaJsMethod } from './kafkajs-internals.js';

interface RequestQueueInternals {
  pending: unknown[];
  throttledUntil: number;
}

/**
 * Works around a kafkajs 2.2.4 bug (the last release): every response makes a connection's
 * request queue run `checkPendingRequests`, which schedules itself again for ever; with nothing
 * pending and no throttling it asks for a timeout of `throttledUntil - now` = -1 - now, which
 * Node turns into 1 ms (with a TimeoutNegativeWarning). So every connection that ever got an
 * answer runs a 1 ms timer as long as the process lives: ≈ 2.5 % of the preprocessor's profile
 * while it streamed, and ≈ 25 ms of CPU a second for an idle producer + consumer pair.
 *
 * Patched: nothing pending and no throttling to wait out means nothing to check; a request
 * that has to wait (`push`) schedules the check again, as it always did.
 */
export function applyKafkaJsPendingCheckFix(): void {
  replaceKafkaJsMethod<RequestQueueInternals, [], void>(
    'kafkajs/src/network/requestQueue',
    'scheduleCheckPendingRequests',
    (original) =>
      function scheduleOnlyWhenNeeded() {
        if (this.pending.length === 0 && this.throttledUntil <= Date.now()) return;
        original.call(this);
      },
    'kafkajs-pending-check-fix.ts',
  );
}
