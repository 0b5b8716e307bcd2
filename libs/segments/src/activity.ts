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
  const hours = new Array<number>(24).fill(0);
  const weekdays = new Array<number>(7).fill(0);
  const sessions = new Set<string>();
  const days = new Set<number>();
  let first = Number.POSITIVE_INFINITY;
  let counted = 0;
  for (const e of events) {
    if (e.at > asOf) continue;
    const local = e.at + utcOffsetMinutes * 60_000;
    const day = Math.floor(local / DAY_MS);
    hours[Math.floor((local - day * DAY_MS) / HOUR_MS)]! += 1;
    // 1970-01-01 was a Thursday (index 3 when Monday is 0).
    weekdays[(((day + 3) % 7) + 7) % 7]! += 1;
    days.add(day);
    if (e.sessionId) sessions.add(e.sessionId);
    first = Math.min(first, e.at);
    counted++;
  }
  const share = (list: number[]) => list.map((c) => (counted > 0 ? c / counted : 0));
  const spanWeeks = Number.isFinite(first) ? Math.max(1, (asOf - first) / (7 * DAY_MS)) : 1;
  return {
    hours: share(hours),
    weekdays: share(weekdays),
    sessions: sessions.size,
    sessionsPerWeek: sessions.size / spanWeeks,
    activeDays: days.size,
  };
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
