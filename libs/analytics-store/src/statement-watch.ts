import { AnalyticsStoreError, toAnalyticsStoreError } from './analytics-store.error.js';
import type { StoreHealth } from './analytics-store.port.js';

/** How a statement is named in errors and health: its SQL on one line, cut short. */
export function statementLabel(kind: string, sql: string): string {
  const oneLine = sql.replace(/\s+/g, ' ').trim();
  return `${kind} \`${oneLine.length > 160 ? `${oneLine.slice(0, 160)}…` : oneLine}\``;
}

/**
 * Runs store calls under a time limit and remembers what readiness needs to know. A call
 * that has no answer within `limitMs` (waiting for a connection included) rejects with a
 * transient AnalyticsStoreError naming it; the engine cannot be interrupted, so the work
 * goes on and is counted as overrunning until it settles. The store is unhealthy while
 * any call overruns, or after a transient failure until the next call gets an answer.
 */
export class StatementWatch {
  private readonly overrunning = new Map<number, string>();
  private overruns = 0;
  private failure: AnalyticsStoreError | undefined;

  constructor(private readonly limitMs: number | undefined) {}

  async run<R>(statement: string, work: () => Promise<R>): Promise<R> {
    const running = Promise.resolve().then(work);
    let timer: NodeJS.Timeout | undefined;
    const limit = this.limitMs;
    const overrun =
      limit === undefined
        ? undefined
        : new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(this.overran(statement, limit, running)), limit);
          });
    try {
      const result = await (overrun === undefined ? running : Promise.race([running, overrun]));
      this.failure = undefined;
      return result;
    } catch (error) {
      const failure = toAnalyticsStoreError(error, statement);
      this.failure = failure.transient ? failure : undefined;
      throw failure;
    } finally {
      clearTimeout(timer);
    }
  }

  health(): StoreHealth {
    if (this.overrunning.size > 0) {
      const [first] = this.overrunning.values();
      return {
        healthy: false,
        detail: `${this.overrunning.size} statement(s) still running past the ${this.limitMs} ms limit, e.g. ${first}`,
      };
    }
    if (this.failure) return { healthy: false, detail: `last call failed: ${this.failure.message}` };
    return { healthy: true, detail: 'ok' };
  }

  private overran(statement: string, limitMs: number, running: Promise<unknown>): AnalyticsStoreError {
    const key = ++this.overruns;
    this.overrunning.set(key, statement);
    const settled = () => this.overrunning.delete(key);
    running.then(settled, settled);
    return new AnalyticsStoreError(
      `${statement}: no answer after ${limitMs} ms (statementTimeoutMs); the engine may still be running it`,
      { transient: true, code: '159', type: 'TIMEOUT_EXCEEDED' },
    );
  }
}
