import type { BotRuleSettings } from './bot-detector.js';

/**
 * The latest `count` times (arrival order) lie within `windowMs` of each other. Their event times
 * decide, not their order: history imported beside live events of the same hours does not make
 * a burst.
 */
export function withinWindow(times: readonly number[], count: number, windowMs: number): boolean {
  if (times.length < count) return false;
  // The span is at least the distance of any two of them: most windows end here, unscanned.
  if (Math.abs(times[times.length - 1]! - times[times.length - count]!) > windowMs) return false;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = times.length - count; i < times.length; i++) {
    min = Math.min(min, times[i]!);
    max = Math.max(max, times[i]!);
  }
  return max - min <= windowMs;
}

/** The latest `regularIntervals` gaps are all equal within tolerance (and not all zero). */
export function regularGaps(
  times: readonly number[],
  s: Pick<BotRuleSettings, 'regularIntervals' | 'regularToleranceMs' | 'regularToleranceRatio'>,
): boolean {
  const n = s.regularIntervals;
  if (times.length < n + 1) return false;
  const first = times.length - n - 1;
  const mean = (times[times.length - 1]! - times[first]!) / n;
  if (mean < 20) return false;
  const tolerance = Math.max(s.regularToleranceMs, s.regularToleranceRatio * mean);
  for (let i = first + 1; i < times.length; i++) {
    const gap = times[i]! - times[i - 1]!;
    if (gap < 0 || Math.abs(gap - mean) > tolerance) return false;
  }
  return true;
}
