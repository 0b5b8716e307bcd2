import { type ServiceError, status } from '@grpc/grpc-js';

/**
 * The pause a server asked for when it refused a call (`retry-after-ms` trailer, sent with the
 * collector's back-pressure `UNAVAILABLE` and rate-limit `RESOURCE_EXHAUSTED`); undefined when none.
 */
export function retryAfterMsOf(error: unknown): number | undefined {
  const hint = (error as Partial<ServiceError> | null)?.metadata?.get('retry-after-ms')[0];
  const ms = typeof hint === 'string' ? Number(hint) : Number.NaN;
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}

/**
 * Runs `call` again after the server's pause while it is refused with `UNAVAILABLE` and a retry
 * hint (nothing of such a call was taken, so sending it again is safe), for at most `maxWaitMs`
 * in all; any other error, or one past that time, is thrown.
 */
export async function withPushback<T>(call: () => Promise<T>, maxWaitMs = 600_000): Promise<T> {
  const giveUpAt = Date.now() + maxWaitMs;
  for (;;) {
    try {
      return await call();
    } catch (error) {
      const pause = retryAfterMsOf(error);
      const code = (error as Partial<ServiceError> | null)?.code;
      if (code !== status.UNAVAILABLE || pause === undefined || Date.now() + pause > giveUpAt) throw error;
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}
