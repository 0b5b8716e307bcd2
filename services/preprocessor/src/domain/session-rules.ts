import type { BotRuleSettings, BotSignal } from './bot-detector.js';
import { EMPTY } from './empty.js';
import { regularGaps, withinWindow } from './event-windows.js';
import type { BotRule } from './flags.js';
import { endStreak, extendStreak, newStreak, type Streak } from './paced-streak.js';

/** One stream of a session's events as the `rate`, `regular_interval` and `sequential_items` windows see it. */
interface Windows {
  /** Latest event times, arrival order, at most max(rateEvents, regularIntervals + 1). */
  times: number[];
  /** The current run of items in ascending id order. */
  run: string[];
}

export interface SessionState {
  /** The latest event time seen; a gap of `sessionIdleMs` after it starts the windows afresh. */
  latest: number;
  /** Its events but tile impressions, the items of the pages it opened: rules here mark the session and user. */
  acts: Windows;
  /** All its events, tile impressions included: a rule that fires here flags the tile impression only. */
  all: Windows;
  streak: Streak;
  /** Rules that fired on `acts`; they stay until the session idles (`paced_browsing` is judged per event). */
  rules: BotRule[];
}

/** What one event showed about its session. */
export interface SessionVerdict {
  /** The event extends a steady streak of at least `pacedItems` pages. */
  paced: boolean;
  /** The streak is `pacedUserItems` long: the user is a crawler. */
  pacedCrawler: boolean;
  /** For a tile impression: the rules its windows (all events) tripped; they flag this event only. */
  tileRules: readonly BotRule[];
}

type SessionSettings = Omit<BotRuleSettings, 'userRateEvents' | 'userRateWindowMs' | 'flaggedUserMemoryMs'>;

const newWindows = (): Windows => ({ times: [], run: [] });
const copyWindows = (w: Windows): Windows => ({ times: w.times.slice(), run: w.run.slice() });

export const newSession = (): SessionState => ({
  latest: Number.NEGATIVE_INFINITY,
  acts: newWindows(),
  all: newWindows(),
  streak: newStreak(),
  rules: [],
});

export const copySession = (stored: SessionState): SessionState => ({
  latest: stored.latest,
  acts: copyWindows(stored.acts),
  all: copyWindows(stored.all),
  streak: { ...stored.streak, items: stored.streak.items.slice() },
  rules: stored.rules.slice(),
});

/**
 * Adds the event to its session's windows. Tile impressions (views on list, search or recs
 * surfaces) are what a page shows, not what a person does: a grid scrolled, a grid sorted by id, an
 * autoplay carousel make fast, regular or ordered impressions. So the rules that mark the session
 * read its other events (items: the pages opened), and a rule that fires on all events flags the
 * tile impression alone.
 */
export function observeSession(session: SessionState, signal: BotSignal, s: SessionSettings): SessionVerdict {
  if (signal.at - session.latest > s.sessionIdleMs) {
    for (const w of [session.acts, session.all]) {
      w.times.length = 0;
      w.run.length = 0;
    }
    session.rules.length = 0;
    endStreak(session.streak);
  }
  session.latest = Math.max(session.latest, signal.at);
  const tile = isTileImpression(signal);
  const tileRules = windowRules(session.all, signal.at, signal.browsedItemId, s, tile);
  if (!tile) for (const rule of windowRules(session.acts, signal.at, signal.openedItemId, s, true)) fire(session, rule);

  if (!extendStreak(session.streak, signal, s)) return tileRules.length === 0 ? NOT_PACED : { ...NOT_PACED, tileRules };
  const paced = session.streak.length >= s.pacedItems;
  return { paced, pacedCrawler: paced && session.streak.length >= s.pacedUserItems, tileRules };
}

/** A view on a list, search or recs surface: what a page showed, not what a person did. */
export function isTileImpression(signal: BotSignal): boolean {
  return signal.browsedItemId !== '' && signal.openedItemId === '';
}

/** Adds the event to the windows; when `judge`, the rules they trip (EMPTY when none or not judged). */
function windowRules(w: Windows, at: number, itemId: string, s: SessionSettings, judge: boolean): readonly BotRule[] {
  w.times.push(at);
  if (w.times.length > Math.max(s.rateEvents, s.regularIntervals + 1)) w.times.shift();
  const sequential = itemId !== '' && extendRun(w.run, itemId, s.sequentialItems);
  if (!judge) return EMPTY;
  const rate = withinWindow(w.times, s.rateEvents, s.rateWindowMs);
  const regular = regularGaps(w.times, s);
  if (!rate && !regular && !sequential) return EMPTY;
  const rules: BotRule[] = [];
  if (rate) rules.push('rate');
  if (regular) rules.push('regular_interval');
  if (sequential) rules.push('sequential_items');
  return rules;
}

function fire(session: SessionState, rule: BotRule): void {
  if (!session.rules.includes(rule)) session.rules.push(rule);
}

/** Ids ordered as crawlers walk them: shorter first ("i-9" before "i-10"), then by characters. */
function compareIds(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Adds the item to the ascending run (a repeat of the last item neither extends nor breaks it); true at `length`. */
function extendRun(run: string[], itemId: string, length: number): boolean {
  const last = run.at(-1);
  if (last === itemId) return false;
  if (last !== undefined && compareIds(last, itemId) > 0) run.length = 0;
  run.push(itemId);
  if (run.length > length) run.shift();
  return run.length >= length;
}

const NOT_PACED: SessionVerdict = { paced: false, pacedCrawler: false, tileRules: EMPTY };
