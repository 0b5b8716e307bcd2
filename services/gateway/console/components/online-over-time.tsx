import { useMemo } from 'preact/hooks';
import { call } from '../api.js';
import { integer, percent } from '../format.js';
import { dailySeries } from './daily-series.js';
import { Status } from './status.js';
import { TimeChart } from './time-chart.js';
import { useAsync } from './use-async.js';

interface DailyRow {
  day: string;
  metrics?: {
    modelVersion?: string;
    arm?: string;
    served?: number;
    clickedLists?: number;
    convertedLists?: number;
    ctr?: number;
    cvr?: number;
  };
}

interface MetricsOverTime {
  fromDay?: string;
  windowEnd?: string;
  days?: DailyRow[];
}

const DAYS = 14;
const groupOf = (row: DailyRow) => `${row.metrics?.modelVersion ?? ''} · ${row.metrics?.arm ?? ''}`;

/** One line per model version and arm, a point per day it served lists (gaps where it served none). */
const chartOf = (rows: DailyRow[], rate: 'ctr' | 'cvr') =>
  dailySeries(
    rows,
    { day: (r) => r.day, group: groupOf, value: (r) => 100 * (r.metrics?.[rate] ?? 0) },
    null,
    (group) => `${rate.toUpperCase()} ${group}`,
  );

/** Online CTR and CVR per model version and A/B arm, by the day the lists were served. */
export function OnlineOverTime() {
  const state = useAsync(() => call<MetricsOverTime>('Feedback', 'GetMetricsOverTime', { days: DAYS }), []);
  const rows = state.data?.days ?? [];
  const ctr = useMemo(() => chartOf(rows, 'ctr'), [state.data]);
  const cvr = useMemo(() => chartOf(rows, 'cvr'), [state.data]);
  return (
    <section class="card">
      <h3>Online CTR and CVR per model version and arm, by day</h3>
      <Status state={state} />
      {state.data && rows.length === 0 && <p class="muted">No list served since {state.data.fromDay}.</p>}
      {rows.length > 0 && (
        <>
          <p class="muted">
            Lists served {state.data?.fromDay} – {state.data?.windowEnd?.slice(0, 10)} (UTC days), with the clicks and
            purchases credited to them by now.
          </p>
          <TimeChart times={ctr.times} series={ctr.series} height={220} yLabel="CTR %" />
          <TimeChart times={cvr.times} series={cvr.series} height={220} yLabel="CVR %" />
          <table data-testid="online-by-day">
            <thead>
              <tr>
                <th>day</th>
                <th>version</th>
                <th>arm</th>
                <th class="num">lists served</th>
                <th class="num">CTR</th>
                <th class="num">CVR</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={`${r.day}|${groupOf(r)}`} data-testid="daily-row">
                  <td>{r.day}</td>
                  <td>{r.metrics?.modelVersion}</td>
                  <td>{r.metrics?.arm}</td>
                  <td class="num" data-testid="daily-served">
                    {integer(r.metrics?.served)}
                  </td>
                  <td class="num" data-testid="daily-ctr">
                    {percent(r.metrics?.ctr)}
                  </td>
                  <td class="num" data-testid="daily-cvr">
                    {percent(r.metrics?.cvr)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
