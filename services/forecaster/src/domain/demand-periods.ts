import type { DemandFitInputs } from './demand-drivers.js';

export type DemandFrequency = 'daily' | 'weekly' | 'monthly';

/** Season length per frequency: a week of days, a year of weeks, a year of months. */
export const SEASON: Record<DemandFrequency, number> = { daily: 7, weekly: 52, monthly: 12 };

/** Drivers that are levels (averaged over a period); every other driver is a count (summed). */
const LEVEL_DRIVERS = new Set(['avg_price', 'out_of_stock']);

const DAY_MS = 86_400_000;
const ms = (day: string) => Date.parse(`${day}T00:00:00Z`);
const dayOf = (t: number) => new Date(t).toISOString().slice(0, 10);

/** The first day of the period that holds `day`: the day itself, its week's Monday, its month's 1st. */
export function periodStart(day: string, frequency: DemandFrequency): string {
  if (frequency === 'daily') return day;
  if (frequency === 'monthly') return `${day.slice(0, 7)}-01`;
  const weekday = (new Date(ms(day)).getUTCDay() + 6) % 7;
  return dayOf(ms(day) - weekday * DAY_MS);
}

/** The first day of the period `steps` periods after the one starting at `start`. */
export function shiftPeriod(start: string, frequency: DemandFrequency, steps: number): string {
  if (frequency === 'daily') return dayOf(ms(start) + steps * DAY_MS);
  if (frequency === 'weekly') return dayOf(ms(start) + 7 * steps * DAY_MS);
  const d = new Date(ms(start));
  d.setUTCMonth(d.getUTCMonth() + steps);
  return dayOf(d.getTime());
}

/** Every day from `from` through `to`. */
export function dayRange(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = ms(from); t <= ms(to); t += DAY_MS) out.push(dayOf(t));
  return out;
}

/** Sums (or, for levels, averages) a daily series into the periods the days start; one value per period. */
function byPeriod(days: readonly string[], frequency: DemandFrequency, values: readonly number[], level: boolean) {
  const sums = new Map<string, { total: number; days: number }>();
  days.forEach((d, t) => {
    const key = periodStart(d, frequency);
    const cell = sums.get(key) ?? { total: 0, days: 0 };
    cell.total += values[t]!;
    cell.days += 1;
    sums.set(key, cell);
  });
  return [...sums.values()].map((c) => (level ? c.total / c.days : c.total));
}

const aggregate = (
  series: Record<string, number[]>,
  days: readonly string[],
  frequency: DemandFrequency,
): Record<string, number[]> =>
  Object.fromEntries(
    Object.entries(series).map(([name, values]) => [name, byPeriod(days, frequency, values, LEVEL_DRIVERS.has(name))]),
  );

/**
 * Daily fit inputs (stock-outs already masked) summed into whole weeks or months: history days
 * and future days must each cover whole periods. Leading periods before the first sale are left
 * out (the shop or item did not exist yet). The season is the frequency's when the history holds
 * two seasons plus the horizon, else none, with a note.
 */
export function periodFitInputs(
  daily: DemandFitInputs,
  history: readonly string[],
  future: readonly string[],
  frequency: DemandFrequency,
  horizon: number,
): DemandFitInputs & { period: number; notes: string[] } {
  const values = byPeriod(history, frequency, daily.values, false);
  const drivers = aggregate(daily.drivers, history, frequency);
  const first = Math.max(
    0,
    Math.min(
      values.findIndex((v) => v > 0),
      values.length - 3,
    ),
  );
  const kept = first > 0 ? values.slice(first) : values;
  const notes: string[] = [];
  let period = SEASON[frequency];
  if (kept.length < 2 * period + 1 + horizon) {
    notes.push(`${kept.length} ${frequency} points are fewer than two seasons (${period}) and the horizon: no season`);
    period = 1;
  }
  return {
    values: kept,
    drivers: Object.fromEntries(Object.entries(drivers).map(([k, v]) => [k, v.slice(first)])),
    futureDrivers: aggregate(daily.futureDrivers, future, frequency),
    knownAhead: daily.knownAhead,
    period,
    notes,
  };
}
