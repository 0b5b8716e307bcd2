import type { Event } from '@demand/contracts';
import { createShop } from '@demand/testkit';

const DAY_MS = 86_400_000;
const WARM_UP_USER_PREFIX = 'w-';

/**
 * Behaviour events of a shop apart from the measured one (another seed, user ids of their own, days after the
 * measured run's last), so warming the services up leaves no per-user state (bots, sessions, duplicate window)
 * behind for the users measured next. Throws if a warm-up user id or day overlaps the measured run.
 */
export function separateWarmUpEvents(measured: readonly Event[], count: number): Event[] {
  const lastMs = measured.reduce((last, e) => Math.max(last, e.occurredAt?.getTime() ?? 0), 0);
  const startDay = new Date(Math.floor(lastMs / DAY_MS) * DAY_MS + DAY_MS).toISOString().slice(0, 10);
  const shop = createShop({ seed: 12, users: 5000, items: 500, startDay });
  const warmUp = [...shop.generateEvents({ maxEvents: count, runId: 'warmup', bots: { sessionRate: 0.02 } })].map(
    (e) => ({ ...e, userId: WARM_UP_USER_PREFIX + e.userId }),
  );
  const measuredUsers = new Set(measured.map((e) => e.userId));
  const shared = warmUp.find((e) => measuredUsers.has(e.userId) || (e.occurredAt?.getTime() ?? 0) <= lastMs);
  if (shared) throw new Error(`warm-up event ${shared.eventId} shares a user or a day with the measured run`);
  return warmUp;
}
