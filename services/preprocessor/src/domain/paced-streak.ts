import type { BotRuleSettings, BotSignal } from './bot-detector.js';

/** The current `paced_browsing` streak of item pages opened at a crawler's steady pace. */
export interface Streak {
  /** Its latest distinct items, at most `pacedItems`. */
  items: string[];
  /** How many steady steps long it is (items opened). */
  length: number;
  /** When its latest item was opened. */
  lastAt: number;
}

export const newStreak = (): Streak => ({ items: [], length: 0, lastAt: 0 });

export function endStreak(streak: Streak): void {
  streak.items.length = 0;
  streak.length = 0;
}

/**
 * Adds an opened item page to the session's streak; true when it extended the streak. Another
 * event kind ends the streak, a tile impression is ignored, an item already in it neither extends
 * nor breaks it, and a step faster than `pacedMinStepMs` (a person opening tabs, or a crawler that
 * `rate` is for) or slower than `pacedMaxStepMs` (a person reading) starts it afresh.
 */
export function extendStreak(
  streak: Streak,
  signal: BotSignal,
  s: Pick<BotRuleSettings, 'pacedItems' | 'pacedMinStepMs' | 'pacedMaxStepMs'>,
): boolean {
  if (signal.browsedItemId === '') {
    endStreak(streak);
    return false;
  }
  const item = signal.openedItemId;
  if (item === '' || streak.items.includes(item)) return false;
  const step = signal.at - streak.lastAt;
  if (streak.length > 0 && (step < s.pacedMinStepMs || step > s.pacedMaxStepMs)) endStreak(streak);
  streak.items.push(item);
  if (streak.items.length > s.pacedItems) streak.items.shift();
  streak.length++;
  streak.lastAt = signal.at;
  return true;
}
