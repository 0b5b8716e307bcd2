import { segmentColour } from '../format.js';
import type { ChartSeries } from './time-chart.js';

/**
 * Rows of (day, group, value) as a uPlot time chart: the days in order on the time axis, one coloured line
 * per group; a day a group has no row is `missing` (null leaves a gap).
 */
export function dailySeries<T>(
  rows: readonly T[],
  of: { day(row: T): string; group(row: T): string; value(row: T): number },
  missing: number | null = null,
  label: (group: string) => string = (group) => group,
): { times: number[]; series: ChartSeries[] } {
  const days = [...new Set(rows.map(of.day))].sort();
  const groups = [...new Set(rows.map(of.group))].sort();
  const values = new Map(rows.map((row) => [`${of.day(row)}\u0000${of.group(row)}`, of.value(row)]));
  return {
    times: days.map((day) => Date.parse(`${day}T00:00:00Z`) / 1000),
    series: groups.map((group, g) => ({
      label: label(group),
      colour: segmentColour(g),
      values: days.map((day) => values.get(`${day}\u0000${group}`) ?? missing),
    })),
  };
}
