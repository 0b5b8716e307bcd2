import { replaceKafkaJsMethod } from './kafkajs-internals.js';

interface FetchManager {
  stop(): Promise<void>;
}

interface RunnerInternals {
  running: boolean;
  fetchManager?: FetchManager;
  fetch(nodeId: number): Promise<unknown[]>;
}

/**
 * Works around a kafkajs 2.2.4 bug (the last release): when a broker connection drops,
 * the consumer's fetch manager rebuilds its fetchers; if the consumer is stopped during that
 * rebuild, the new fetchers loop forever on `Runner.fetch`, which returns [] at once for a
 * stopped runner. The process spins at 100% CPU with timers starved and `stop()` never
 * resolves — e.g. shutting down right after the broker went away (Ctrl-C in local mode).
 *
 * Patched: a stopped runner's fetch stops the fetch manager's current fetchers (without
 * awaiting, as the caller is one of them) and yields before returning, so the loop ends and
 * the consumer's stop completes.
 */
export function applyKafkaJsStopFix(): void {
  replaceKafkaJsMethod<RunnerInternals, [number], Promise<unknown[]>>(
    'kafkajs/src/consumer/runner',
    'fetch',
    (originalFetch) =>
      async function fetchUnlessStopped(nodeId) {
        if (this.running) return originalFetch.call(this, nodeId);
        void this.fetchManager?.stop().catch(() => undefined);
        await new Promise<void>((resolve) => setImmediate(resolve));
        return [];
      },
    'kafkajs-stop-fix.ts',
  );
}
