/** A day of the shop's calendar known ahead: a promotion (双11, 618) or a public holiday. */
export interface CalendarDay {
  /** YYYY-MM-DD (UTC). */
  date: string;
  kind: 'promotion' | 'holiday';
  name: string;
}

/**
 * The calendar as known-future 0/1 regressors, one per kind the calendar names: 1 on the days of
 * that kind, over the history and over the horizon alike. Empty when the calendar is.
 */
export function calendarDrivers(
  calendar: readonly CalendarDay[],
  history: readonly string[],
  future: readonly string[],
): { drivers: Record<string, number[]>; future: Record<string, number[]> } {
  const kinds = [...new Set(calendar.map((c) => c.kind))].sort();
  const drivers: Record<string, number[]> = {};
  const ahead: Record<string, number[]> = {};
  for (const kind of kinds) {
    const days = new Set(calendar.filter((c) => c.kind === kind).map((c) => c.date));
    drivers[kind] = history.map((d) => (days.has(d) ? 1 : 0));
    ahead[kind] = future.map((d) => (days.has(d) ? 1 : 0));
  }
  return { drivers, future: ahead };
}
