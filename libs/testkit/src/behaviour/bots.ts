import { makeEvent, type Payload } from '../stream/planned-event.js';
import { DAY_MS, type DayPlan } from './calendar.js';
import type { SimContext } from './sim-context.js';

export interface BotOptions {
  /** Fraction of all sessions that are bot sessions (0..1). Default 0. */
  sessionRate?: number;
  /**
   * Fraction of bot sessions (0..1) that are paced crawlers: about one view a second with
   * jitter, dozens of distinct items in random order, nothing added to a cart, bought or
   * searched. They run under accounts of their own (numbered after the fast crawlers'). Default 0,
   * which leaves the bot stream exactly as it was.
   */
  pacedShare?: number;
}

/**
 * Bot accounts continue the people's numbering: one per hundred people, at least two; when
 * `paced` is set, as many again for the paced crawlers follow.
 */
export function botUserIds(humanUsers: number, paced = false): string[] {
  const fleet = Math.max(2, Math.ceil(humanUsers / 100));
  return Array.from(
    { length: paced ? 2 * fleet : fleet },
    (_, k) => `u-${String(humanUsers + 1 + k).padStart(6, '0')}`,
  );
}

/**
 * Crawlers: hundreds of views a minute at a perfectly regular interval, walking item ids in
 * order; optionally also paced crawlers (see `BotOptions.pacedShare`). Their user ids look like
 * people's (they continue the numbering), so only behaviour gives them away.
 */
export class BotFleet {
  readonly userIds: readonly string[];
  private readonly fastIds: readonly string[];
  private readonly pacedIds: readonly string[];

  constructor(
    private readonly ctx: SimContext,
    humanUsers: number,
    private readonly sessionRate: number,
    private readonly pacedShare = 0,
  ) {
    this.userIds = botUserIds(humanUsers, pacedShare > 0);
    this.fastIds = botUserIds(humanUsers);
    this.pacedIds = this.userIds.slice(this.fastIds.length);
  }

  /** Bot sessions for a day with `humanSessions` sessions of people; returns how many. */
  simulateDay(plan: DayPlan, humanSessions: number): number {
    if (this.sessionRate <= 0 || this.ctx.items.length === 0) return 0;
    const r = this.ctx.random;
    const expected = (humanSessions * this.sessionRate) / (1 - this.sessionRate);
    const count = Math.floor(expected) + (r.chance(expected - Math.floor(expected)) ? 1 : 0);
    for (let k = 0; k < count; k++) {
      const startAt = plan.start + r.int(0, DAY_MS - 1);
      // No extra draw unless paced crawlers are on, so the default stream stays as it was.
      if (this.pacedShare > 0 && r.chance(this.pacedShare)) this.pacedCrawl(startAt);
      else this.crawl(startAt);
    }
    return count;
  }

  private crawl(startAt: number): void {
    const r = this.ctx.random;
    const { items, ids } = this.ctx;
    const header = { userId: r.pick(this.fastIds), sessionId: ids.session(), source: 'web' };
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

  /** One event about every 1.4 s (0.8-2 s apart): 30-90 distinct items in random order, each viewed or clicked once. */
  private pacedCrawl(startAt: number): void {
    const r = this.ctx.random;
    const { items, ids } = this.ctx;
    const header = { userId: r.pick(this.pacedIds), sessionId: ids.session(), source: r.pick(['web', 'app']) };
    const order = items.map((_, i) => i);
    const visits = Math.min(order.length, r.int(30, 90));
    for (let k = 0; k < visits; k++) {
      const j = r.int(k, order.length - 1);
      [order[k], order[j]] = [order[j]!, order[k]!];
    }
    const clickShare = r.pick([0, 0.3]);
    let at = startAt;
    for (let k = 0; k < visits; k++) {
      const itemId = items[order[k]!]!.item.itemId;
      const payload: Payload = r.chance(clickShare)
        ? { $case: 'click', click: { itemId, surface: 'list', position: k, recRequestId: '' } }
        : { $case: 'view', view: { itemId, surface: 'detail', dwellMs: r.int(500, 2000) } };
      this.ctx.push({ at, event: makeEvent(ids.event(), header, at, payload), origin: 'bot', startsSession: k === 0 });
      at += r.int(800, 2000);
    }
  }
}
