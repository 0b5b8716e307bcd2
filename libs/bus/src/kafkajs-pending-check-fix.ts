import { createRequire } from 'node:module';

interface RequestQueueInternals {
  pending: unknown[];
  throttledUntil: number;
  scheduleCheckPendingRequests(): void;
}

let applied = false;

/**
 * Works around a kafkajs 2.2.4 bug (the last release): once a connection's request queue has
 * had a request wait (in-flight limit or broker throttling), `checkPendingRequests` schedules
 * itself again for ever, and with nothing pending and no throttling it asks for a timeout of
 * `throttledUntil - now` = -1 - now, which Node turns into 1 ms (with a TimeoutNegativeWarning).
 * Every such connection then runs a 1 ms timer as long as the process lives: ≈ 2.5 % of the
 * preprocessor's time while it streamed, and a busy idle.
 *
 * Patched: nothing pending and no throttling to wait out means nothing to check; the next
 * request that has to wait (`push`) schedules the check again, as it always did.
 */
export function applyKafkaJsPendingCheckFix(): void {
  if (applied) return;
  const require = createRequire(import.meta.url);
  const RequestQueue = require('kafkajs/src/network/requestQueue') as { prototype: RequestQueueInternals };
  const original = RequestQueue.prototype.scheduleCheckPendingRequests;
  if (typeof original !== 'function')
    throw new Error(
      'kafkajs internals changed: RequestQueue.prototype.scheduleCheckPendingRequests not found; review kafkajs-pending-check-fix.ts',
    );
  RequestQueue.prototype.scheduleCheckPendingRequests = function scheduleOnlyWhenNeeded(this: RequestQueueInternals) {
    if (this.pending.length === 0 && this.throttledUntil <= Date.now()) return;
    original.call(this);
  };
  applied = true;
}
