import { makeEvent } from '../stream/planned-event.js';
import { DAY_MS, type DayPlan } from './calendar.js';
import type { SimContext } from './sim-context.js';

export interface BotOptions {
  /** Fraction of all sessions that are bot sessions (0..1). Default 0. */
  sessionRate?: number;
}

/** Bot accounts continue the people's numbering: one per hundred people, at least two. */
export function botUserIds(humanUsers: number): string[] {
  const fleet = Math.max(2, Math.ceil(humanUsers / 100));
  return Array.from({ length: fleet }, (_, k) => `u-${String(humanUsers + 1 + k).padStart(6, '0')}`);
}

/**
 * Crawlers: hundreds of views a minute at a perfectly regular interval, walking item ids in
 * order. Their user ids look like people's (they continue the numbering), so only behaviour
 * gives them away.
 */
export class BotFleet {
  readonly userIds: readonly string[];

  constructor(
    private readonly ctx: SimContext,
    humanUsers: number,
    private readonly sessionRate: number,
  ) {
    this.userIds = botUserIds(humanUsers);
  }

  /** Bot sessions for a day with `humanSessions` sessions of people; returns how many. */
  simulateDay(plan: DayPlan, humanSessions: number): number {
    if (this.sessionRate <= 0 || this.ctx.items.length === 0) return 0;
    const r = this.ctx.random;
    const expected = (humanSessions * this.sessionRate) / (1 - this.sessionRate);
    const count = Math.floor(expected) + (r.chance(expected - Math.floor(expected)) ? 1 : 0);
    for (let k = 0; k < count; k++) this.crawl(plan.start + r.int(0, DAY_MS - 1));
    return count;
  }

  private crawl(startAt: number): void {
    const r = this.ctx.random;
    const { items, ids } = this.ctx;
    const header = { userId: r.pick(this.userIds), sessionId: ids.session(), source: 'web' };
    const intervalMs = r.int(100, 300);
    const dwellMs = r.pick([0, intervalMs, 50]);
    const views = r.int(150, 500);
    let index = r.int(0, items.length - 1);
    for (let k = 0; k < views; k++) {
      const at = startAt + k * intervalMs;
      const itemId = items[index]!.item.itemId;
      index = (index + 1) % items.length;
      this.ctx.push({
        at,
        event: makeEvent(ids.event(), header, at, { $case: 'view', view: { itemId, surface: 'list', dwellMs } }),
        origin: 'bot',
        startsSession: k === 0,
      });
    }
  }
}
