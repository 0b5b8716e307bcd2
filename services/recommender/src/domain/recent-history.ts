import { type CleanEvent, EVENT_KIND_NAMES, itemIdOf } from '@demand/contracts';
import { LruMap } from '@demand/lru-map';
import { type InteractionKind, KIND_CODE } from '@demand/recommend';

/** One behaviour event as the live history keeps it: the item (catalog id), what was done, when (epoch ms). */
export interface RecentEvent {
  item: string;
  kind: InteractionKind;
  at: number;
}

/** A user's recent events, oldest first: all kinds, and the purchases apart (a browsing spree cannot push them out). */
export interface UserRecent {
  readonly events: readonly RecentEvent[];
  readonly purchases: readonly RecentEvent[];
  /**
   * Changes with every event taken in, late ones too: the newest event's time (epoch ms), or one
   * more than the last stamp when that is not later. A list scored with an older stamp is stale.
   */
  readonly changedAt: number;
}

export interface RecentHistoryLimits {
  /** Users kept (those written least recently are forgotten first). */
  maxUsers: number;
  /** Events kept per user, and purchases kept per user (the newest). */
  perUser: number;
}

interface Held {
  events: RecentEvent[];
  purchases: RecentEvent[];
  changedAt: number;
}

/**
 * Each user's latest behaviour, held in memory as events arrive (the live history behind the
 * trained model): bounded per user and in users. Events of one user usually arrive in time order;
 * one arriving late is put in its place.
 */
export class RecentHistory {
  private readonly users: LruMap<string, Held>;

  constructor(private readonly limits: RecentHistoryLimits) {
    if (!(limits.perUser >= 1)) throw new RangeError(`perUser must be at least 1 (got ${limits.perUser})`);
    this.users = new LruMap(limits.maxUsers);
  }

  /**
   * Adds `event` to `user`'s history; false when it changes nothing: the event is held already (a
   * retried follow reads the topic again from its start) or older than all that is kept.
   */
  record(user: string, event: RecentEvent): boolean {
    const known = this.users.get(user); // a user held is renewed by the read and changed in place
    const held = known ?? { events: [], purchases: [], changedAt: Number.NEGATIVE_INFINITY };
    if (holds(held.events, event) || (event.kind === 'purchase' && holds(held.purchases, event))) return false;
    const inEvents = insertCapped(held.events, event, this.limits.perUser);
    const inPurchases = event.kind === 'purchase' && insertCapped(held.purchases, event, this.limits.perUser);
    if (!inEvents && !inPurchases) return false;
    held.changedAt = Math.max(held.changedAt + 1, event.at);
    if (!known) this.users.set(user, held);
    return true;
  }

  /** Drops everything held of `user` (a privacy request). */
  forget(user: string): void {
    this.users.delete(user);
  }

  of(user: string): UserRecent | undefined {
    return this.users.get(user);
  }

  /** Users held now. */
  get size(): number {
    return this.users.size;
  }
}

/** Whether `events` (time order) holds one at the same time, of the same item and kind. */
function holds(events: readonly RecentEvent[], event: RecentEvent): boolean {
  for (let i = events.length - 1; i >= 0 && events[i]!.at >= event.at; i--) {
    const held = events[i]!;
    if (held.at === event.at && held.item === event.item && held.kind === event.kind) return true;
  }
  return false;
}

/** Puts `event` in time order into `events` and drops the oldest past `cap`; false when it is that oldest. */
function insertCapped(events: RecentEvent[], event: RecentEvent, cap: number): boolean {
  let at = events.length;
  while (at > 0 && events[at - 1]!.at > event.at) at--;
  if (at === 0 && events.length >= cap) return false; // older than everything kept
  events.splice(at, 0, event);
  if (events.length > cap) events.shift();
  return true;
}

/** The event kinds the recommender learns from (searches, reviews, dialog turns and catalog updates aside). */
function interactionKind(name: string): InteractionKind | undefined {
  return Object.hasOwn(KIND_CODE, name) ? (name as InteractionKind) : undefined;
}

/**
 * The user and event a clean event adds to the history (and when it reached the platform); none for
 * other kinds, bots' events, events without a time, and history imported after the fact
 * (`backfill`) that happened before `since` (epoch ms): the next training reads it, and an import
 * would otherwise push the users active now out of the history.
 */
export function recentEventOf(
  clean: CleanEvent,
  since = Number.NEGATIVE_INFINITY,
): { user: string; event: RecentEvent; receivedAt: number } | undefined {
  const { event } = clean;
  const payload = event?.payload;
  const kind = payload && interactionKind(EVENT_KIND_NAMES[payload.$case]);
  if (!kind || !event.userId || !event.occurredAt || clean.flags.some((flag) => flag.startsWith('bot:')))
    return undefined;
  const item = itemIdOf(payload);
  if (!item) return undefined;
  const at = event.occurredAt.getTime();
  if (event.backfill && at < since) return undefined;
  return { user: event.userId, event: { item, kind, at }, receivedAt: event.receivedAt?.getTime() ?? at };
}
