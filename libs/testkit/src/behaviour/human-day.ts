import type { Random } from '../random/random.js';
import type { SimUser } from '../users/build-users.js';
import type { DayPlan } from './calendar.js';
import { simulateSession } from './session.js';
import { HOUR, MINUTE, type SimContext } from './sim-context.js';

/** Relative traffic per hour of the shop's day: quiet nights, a lunch bump, an evening peak. */
const HOURLY = [
  0.3, 0.15, 0.08, 0.05, 0.05, 0.08, 0.2, 0.45, 0.7, 0.8, 0.85, 0.9, 1.05, 0.95, 0.85, 0.85, 0.9, 0.95, 1.05, 1.25,
  1.45, 1.5, 1.2, 0.7,
];

export function timeOfDay(random: Random): number {
  return random.weightedIndex(HOURLY) * HOUR + random.int(0, HOUR - 1);
}

/** Every person's sessions of one day; returns how many sessions there were. */
export function simulateHumanDay(ctx: SimContext, users: readonly SimUser[], plan: DayPlan): number {
  const r = ctx.random;
  let sessions = 0;
  for (const user of users) {
    const count = r.poisson(user.truth.activity * plan.truth.traffic);
    if (count === 0) continue;
    const starts = Array.from({ length: count }, () => plan.start + timeOfDay(r)).sort((a, b) => a - b);
    let free = 0;
    for (const start of starts) {
      free = simulateSession(ctx, user, plan, Math.max(start, free)) + r.int(1, 30) * MINUTE;
    }
    sessions += count;
  }
  return sessions;
}
