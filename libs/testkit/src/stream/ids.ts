/**
 * Stable, unique ids that do not give away what made them: every id is a scrambled counter,
 * with human and bot counters interleaved (even and odd) before scrambling, so a bot's ids
 * look exactly like a person's and never collide with them.
 */

/** A bijection on 32-bit integers (xorshift-multiply rounds are each invertible). */
function scramble(x: number): number {
  x = (x ^ (x >>> 16)) >>> 0;
  x = Math.imul(x, 0x7feb352d) >>> 0;
  x = (x ^ (x >>> 15)) >>> 0;
  x = Math.imul(x, 0x846ca68b) >>> 0;
  return (x ^ (x >>> 16)) >>> 0;
}

function code(counter: number, lane: 0 | 1): string {
  const n = counter * 2 + lane;
  const high = Math.floor(n / 2 ** 32);
  const low = scramble(n >>> 0)
    .toString(36)
    .padStart(7, '0');
  return high === 0 ? low : `${high.toString(36)}${low}`;
}

export class IdFactory {
  private events = 0;
  private sessions = 0;
  private orders = 0;
  private conversations = 0;

  /** `lane` 0 for people, 1 for bots. */
  constructor(
    private readonly runId: string,
    private readonly lane: 0 | 1,
  ) {}

  event(): string {
    return `ev-${this.runId}-${code(this.events++, this.lane)}`;
  }

  session(): string {
    return `ss-${this.runId}-${code(this.sessions++, this.lane)}`;
  }

  order(): string {
    return `or-${this.runId}-${code(this.orders++, this.lane)}`;
  }

  conversation(): string {
    return `cv-${this.runId}-${code(this.conversations++, this.lane)}`;
  }
}
