import { DAY_MS, type UserEvent } from './types.js';

export interface ActivityPattern {
  /** Share of the user's actions per hour of day (0..23, in the shop's time zone); sums to 1. */
  hours: number[];
  /** Share per weekday, 0 = Monday … 6 = Sunday; sums to 1. */
  weekdays: number[];
  sessions: number;
  /** Sessions per week over the observed span (first action to `asOf`, at least a week). */
  sessionsPerWeek: number;
  /** Days with at least one action. */
  activeDays: number;
}

const HOUR_MS = 3_600_000;

/** Hour-of-day and weekday histograms and session rate; `utcOffsetMinutes` places the shop's clock. */
export function activityOf(events: readonly UserEvent[], asOf: number, utcOffsetMinutes = 0): ActivityPattern {
  const tally = new ActivityTally(utcOffsetMinutes);
  for (const e of events) if (e.at <= asOf) tally.add(e.at, e.sessionId);
  return tally.pattern(asOf);
}

/** `activityOf` one action at a time, for a caller that already walks the events. */
export class ActivityTally {
  private readonly hours = new Array<number>(24).fill(0);
  private readonly weekdays = new Array<number>(7).fill(0);
  private readonly sessions = new Set<string>();
  private readonly days = new Set<number>();
  private readonly offsetMs: number;
  // Consecutive actions mostly share a day and a session: each is added to its set once per run.
  private lastDay = Number.NaN;
  private lastSession: string | undefined;
  private first = Number.POSITIVE_INFINITY;
  private counted = 0;

  constructor(utcOffsetMinutes = 0) {
    this.offsetMs = utcOffsetMinutes * 60_000;
  }

  add(at: number, sessionId: string | undefined): void {
    const local = at + this.offsetMs;
    const day = Math.floor(local / DAY_MS);
    this.hours[Math.floor((local - day * DAY_MS) / HOUR_MS)]! += 1;
    // 1970-01-01 was a Thursday (index 3 when Monday is 0).
    this.weekdays[(((day + 3) % 7) + 7) % 7]! += 1;
    if (day !== this.lastDay) this.days.add((this.lastDay = day));
    if (sessionId && sessionId !== this.lastSession) this.sessions.add((this.lastSession = sessionId));
    this.first = Math.min(this.first, at);
    this.counted++;
  }

  pattern(asOf: number): ActivityPattern {
    const { counted, first, sessions } = this;
    const share = (list: number[]) => list.map((c) => (counted > 0 ? c / counted : 0));
    const spanWeeks = Number.isFinite(first) ? Math.max(1, (asOf - first) / (7 * DAY_MS)) : 1;
    return {
      hours: share(this.hours),
      weekdays: share(this.weekdays),
      sessions: sessions.size,
      sessionsPerWeek: sessions.size / spanWeeks,
      activeDays: this.days.size,
    };
  }
}

/** Share of actions in a span of hours [from, to) (wrapping past midnight when from > to; from = to is all day). */
export function hourShare(hours: readonly number[], from: number, to: number): number {
  let sum = 0;
  const end = to % 24;
  for (let h = from % 24, steps = 0; steps < 24; h = (h + 1) % 24, steps++) {
    if (steps > 0 && h === end) break;
    sum += hours[h] ?? 0;
  }
  return sum;
}
