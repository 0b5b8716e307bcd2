import { BOT_RULES, Flags } from './flags.js';
import { LruMap } from '@demand/lru-map';
import { EMPTY } from './empty.js';
import { withinWindow } from './event-windows.js';
import { copySession, isTileImpression, newSession, observeSession, type SessionState } from './session-rules.js';

/** What the detector needs to know about one behaviour event. */
export interface BotSignal {
  /** The session id, or the user's key when the event has no session. */
  sessionKey: string;
  userKey: string;
  /** Event time (occurred_at), ms since the epoch. */
  at: number;
  /** The item a view or click was about; '' for other events (they break a `paced_browsing` streak). */
  browsedItemId: string;
  /**
   * The item whose page this event opened (a click, or a view on the "detail" surface); '' for tile
   * impressions on list, search or recs surfaces, which `paced_browsing` ignores, and other events.
   */
  openedItemId: string;
  /** Imported history (backfill): the user's windows keep it apart from their live events. */
  imported: boolean;
}

/** Thresholds of the bot rules; see README "Bot rules". */
export interface BotRuleSettings {
  /** `rate`: this many events of one session within `rateWindowMs`. */
  rateEvents: number;
  rateWindowMs: number;
  /** `regular_interval`: this many consecutive gaps between a session's events all (nearly) equal. */
  regularIntervals: number;
  /** Gaps count as equal within max(toleranceMs, toleranceRatio × mean gap). */
  regularToleranceMs: number;
  regularToleranceRatio: number;
  /** `sequential_items`: this many distinct items viewed or clicked in strictly ascending id order. */
  sequentialItems: number;
  /**
   * `paced_browsing`: this many distinct item pages opened in a row (no cart, purchase, search or
   * other event between them), each `pacedMinStepMs`–`pacedMaxStepMs` after the one before.
   */
  pacedItems: number;
  pacedMinStepMs: number;
  pacedMaxStepMs: number;
  /** A steady streak this long marks the user (`flagged_user`); a shorter one flags only its own events. */
  pacedUserItems: number;
  /**
   * `user_rate`: this many events of one user (all sessions) in `userRateWindowMs`. Tile impressions
   * count, but one that trips it flags only itself; other events are judged without tiles and mark the user.
   */
  userRateEvents: number;
  userRateWindowMs: number;
  /** `flagged_user`: once any rule fired for a user, their events are flagged for this long (event time). */
  flaggedUserMemoryMs: number;
  /** A gap this long in a session starts its windows afresh. */
  sessionIdleMs: number;
  maxTrackedSessions: number;
  maxTrackedUsers: number;
}

export const defaultBotRuleSettings: BotRuleSettings = {
  rateEvents: 20,
  rateWindowMs: 10_000,
  regularIntervals: 10,
  regularToleranceMs: 25,
  regularToleranceRatio: 0.03,
  sequentialItems: 8,
  pacedItems: 7,
  pacedMinStepMs: 500,
  pacedMaxStepMs: 3000,
  pacedUserItems: 20,
  userRateEvents: 60,
  userRateWindowMs: 60_000,
  flaggedUserMemoryMs: 24 * 3_600_000,
  sessionIdleMs: 30 * 60_000,
  maxTrackedSessions: 200_000,
  maxTrackedUsers: 200_000,
};

const RULE_RANK = new Map(BOT_RULES.map((rule, rank) => [Flags.bot(rule), rank]));
const FLAG_OF = new Map(BOT_RULES.map((rule) => [rule, Flags.bot(rule)]));
const USER_RATE = Flags.bot('user_rate');
const FLAGGED_USER = Flags.bot('flagged_user');
const PACED = Flags.bot('paced_browsing');
/** A user's latest event times for `user_rate`, live and imported apart, arrival order, at most `userRateEvents`. */
interface RateTimes {
  live: number[];
  /**
   * The imported ones: a burst in either is not hidden by the other's times. Shared with the stored
   * state until an imported event of the batch copies it; dropped once the user's live events are
   * more than `userRateWindowMs` newer than all of it.
   */
  imported: number[];
  /** The latest of `imported`. */
  importedLatest: number;
}

interface UserState {
  /** Every event's time, tile impressions' included: a crawler of tiles hopping sessions is still a burst. */
  all: RateTimes;
  /** The times of events other than tile impressions: only these mark the user (a shopper's grid of 40 tiles). */
  pages: RateTimes;
  /**
   * Event times the user's flag covers (`flagged_user`): from their earliest flagged event to
   * `flaggedUserMemoryMs` after their latest, as long as each lies within that memory of the others
   * (see `remember`); history imported later that is older stays unflagged.
   */
  flaggedFrom: number;
  flaggedUntil: number;
}

/** The flags of one batch; `commit` makes the batch part of the detector's memory (call it once published). */
export interface BotAssessment {
  /** Bot flags per input position (empty when none). */
  flags: readonly (readonly string[])[];
  commit(): void;
}

/**
 * Sliding-window rules per session and per user over event time. An event's flags depend only on
 * its user's events up to it, in the order they arrived (one partition keeps a user's order), never
 * on which batch it came in: a rule that fires flags the event that tripped it and the user's later
 * ones (tile impressions: that event only; see `observeSession`), not the earlier events of the batch. Counts change only on `commit` (an assessment
 * works on copies; its reads only renew entries in the LRU), so a batch that is retried is not
 * counted twice.
 */
export class BotDetector {
  private readonly sessions: LruMap<string, SessionState>;
  private readonly users: LruMap<string, UserState>;

  constructor(private readonly settings: BotRuleSettings = defaultBotRuleSettings) {
    this.sessions = new LruMap(settings.maxTrackedSessions);
    this.users = new LruMap(settings.maxTrackedUsers);
  }

  assess(signals: readonly (BotSignal | undefined)[]): BotAssessment {
    const sessions = new Map<string, SessionState>();
    const users = new Map<string, UserState>();
    const ownImports = new Set<RateTimes>();
    // Most events break no rule: they share EMPTY, and a list is built for the others.
    const flags = new Array<readonly string[]>(signals.length).fill(EMPTY);

    for (let index = 0; index < signals.length; index++) {
      const signal = signals[index];
      if (!signal) continue;
      const session = this.workingSession(sessions, signal.sessionKey);
      const user = this.workingUser(users, signal.userKey);
      const flaggedBefore = signal.at >= user.flaggedFrom && signal.at <= user.flaggedUntil;
      const { paced, pacedCrawler, tileRules } = observeSession(session, signal, this.settings);
      // A page of 40 tiles a view would push a shopper's rate: a tile that trips `user_rate` flags only itself.
      const anyRate = this.observeRate(user.all, signal, ownImports);
      const tileOnly = isTileImpression(signal);
      const pageRate = !tileOnly && this.observeRate(user.pages, signal, ownImports);
      const userRate = tileOnly ? anyRate : pageRate;

      if (session.rules.length > 0 || pageRate || pacedCrawler) this.remember(user, signal.at);
      if (session.rules.length > 0 || tileRules.length > 0 || userRate || flaggedBefore || paced) {
        const list = session.rules.map((rule) => FLAG_OF.get(rule)!);
        for (const rule of tileRules) if (!session.rules.includes(rule)) list.push(FLAG_OF.get(rule)!);
        if (paced) list.push(PACED);
        if (userRate) list.push(USER_RATE);
        else if (list.length === 0) list.push(FLAGGED_USER);
        if (list.length > 1) list.sort((a, b) => RULE_RANK.get(a)! - RULE_RANK.get(b)!);
        flags[index] = list;
      }
    }

    return {
      flags,
      commit: () => {
        for (const [key, state] of sessions) this.sessions.set(key, state);
        for (const [key, state] of users) this.users.set(key, state);
      },
    };
  }

  /**
   * Extends the user's flagged interval to a flagged event that lies within the memory of it, or
   * restarts it at a flagged event after it (weeks apart, flags on day 1 and day 30 must not cover
   * the days between; the older interval is then forgotten: it never covers too much). A flagged
   * event far before the interval (history imported later) keeps it: that event is flagged by its
   * own rule, and the live bot's next sessions stay covered.
   */
  private remember(user: UserState, at: number): void {
    const memory = this.settings.flaggedUserMemoryMs;
    if (at > user.flaggedUntil) {
      user.flaggedFrom = at;
      user.flaggedUntil = at + memory;
    } else if (at >= user.flaggedFrom - memory) {
      user.flaggedFrom = Math.min(user.flaggedFrom, at);
      user.flaggedUntil = Math.max(user.flaggedUntil, at + memory);
    }
  }

  private workingSession(overlay: Map<string, SessionState>, key: string): SessionState {
    let state = overlay.get(key);
    if (!state) {
      const stored = this.sessions.get(key);
      state = stored ? copySession(stored) : newSession();
      overlay.set(key, state);
    }
    return state;
  }

  private workingUser(overlay: Map<string, UserState>, key: string): UserState {
    let state = overlay.get(key);
    if (!state) {
      const stored = this.users.get(key);
      state = stored
        ? { ...stored, all: copyRate(stored.all), pages: copyRate(stored.pages) }
        : {
            all: newRate(),
            pages: newRate(),
            flaggedFrom: Number.POSITIVE_INFINITY,
            flaggedUntil: Number.NEGATIVE_INFINITY,
          };
      overlay.set(key, state);
    }
    return state;
  }

  /** Records the event time in `rate`; true when the user-wide rate rule fires over it. */
  private observeRate(rate: RateTimes, signal: BotSignal, ownImports: Set<RateTimes>): boolean {
    const { userRateEvents, userRateWindowMs } = this.settings;
    let times = rate.live;
    if (signal.imported) {
      // Copied at the user's first imported event of the batch: the stored state stays as it was until commit.
      if (!ownImports.has(rate)) rate.imported = rate.imported.slice();
      ownImports.add(rate);
      times = rate.imported;
      times.push(signal.at);
      rate.importedLatest = Math.max(rate.importedLatest, signal.at);
    } else {
      times.push(signal.at);
      if (rate.importedLatest < signal.at - userRateWindowMs && rate.imported.length > 0) {
        rate.imported = NO_TIMES;
        rate.importedLatest = Number.NEGATIVE_INFINITY;
        ownImports.delete(rate);
      }
    }
    if (times.length > userRateEvents) times.shift();
    return withinWindow(times, userRateEvents, userRateWindowMs);
  }
}

const NO_TIMES: number[] = Object.freeze([]) as unknown as number[];
const newRate = (): RateTimes => ({ live: [], imported: NO_TIMES, importedLatest: Number.NEGATIVE_INFINITY });
/** The live times copied (each event appends to them); the imported ones are copied when an imported event comes. */
const copyRate = (rate: RateTimes): RateTimes => ({ ...rate, live: rate.live.slice() });
