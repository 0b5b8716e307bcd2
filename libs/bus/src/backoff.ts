import type { RetryPolicy } from './bus.port.js';

export const defaultRetryPolicy: RetryPolicy = { initialDelayMs: 200, maxDelayMs: 30_000, attemptsBeforeIsolation: 3 };

/**
 * The least `initialDelayMs` of a subscription with `deferredCommit`: its delays also space failed
 * commits' retries and the readings again after failed acknowledgements, which must not loop hot.
 */
export const MIN_DEFERRED_COMMIT_DELAY_MS = 10;

/** Fills in defaults and rejects nonsense (a policy is configuration: fail at subscribe time). */
export function resolveRetryPolicy(
  partial: Partial<RetryPolicy> = {},
  { deferredCommit = false }: { deferredCommit?: boolean } = {},
): RetryPolicy {
  const policy = { ...defaultRetryPolicy, ...partial };
  const problems: string[] = [];
  const least = deferredCommit ? MIN_DEFERRED_COMMIT_DELAY_MS : 0;
  if (!(policy.initialDelayMs >= least)) {
    const why = deferredCommit ? ' with deferredCommit' : '';
    problems.push(`initialDelayMs must be >= ${least}${why} (got ${policy.initialDelayMs})`);
  }
  if (!(policy.maxDelayMs >= policy.initialDelayMs))
    problems.push(`maxDelayMs must be >= initialDelayMs (got ${policy.maxDelayMs})`);
  if (!(Number.isInteger(policy.attemptsBeforeIsolation) && policy.attemptsBeforeIsolation >= 1)) {
    problems.push(`attemptsBeforeIsolation must be an integer >= 1 (got ${policy.attemptsBeforeIsolation})`);
  }
  if (problems.length > 0) throw new Error(`invalid retry policy: ${problems.join('; ')}`);
  return policy;
}

/**
 * Wait after the `failedAttempts`-th failure: initialDelayMs doubled per earlier failure,
 * capped at maxDelayMs, then shortened by up to 20% at random so that consumers failing
 * together do not retry in lockstep.
 */
export function backoffDelayMs(
  failedAttempts: number,
  policy: Pick<RetryPolicy, 'initialDelayMs' | 'maxDelayMs'>,
  random: () => number = Math.random,
): number {
  const exponent = Math.max(0, failedAttempts - 1);
  const capped = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.min(exponent, 52));
  return Math.round(capped * (1 - 0.2 * random()));
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function abortableDelay(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done);
  });
}
