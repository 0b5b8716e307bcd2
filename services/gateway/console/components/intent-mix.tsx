import { useMemo } from 'preact/hooks';
import { call } from '../api.js';
import { integer, percent } from '../format.js';
import { dailySeries } from './daily-series.js';
import { Status } from './status.js';
import { TimeChart } from './time-chart.js';
import { useAsync } from './use-async.js';

interface IntentMixAnswer {
  fromDay?: string;
  days?: Array<{ day: string; intent: string; turns?: number; share?: number }>;
  turns?: number;
}

const DAYS = 30;

type IntentDay = NonNullable<IntentMixAnswer['days']>[number];

/** Share of each intent among the day's dialog turns, one line per intent (0 on a day it was not heard). */
const chartOf = (days: IntentDay[]) =>
  dailySeries(days, { day: (d) => d.day, group: (d) => d.intent, value: (d) => 100 * (d.share ?? 0) }, 0);

/** The intents of customers' service-dialog turns per day, as the embedder's intent head found them. */
export function IntentMix() {
  const state = useAsync(() => call<IntentMixAnswer>('Feedback', 'GetIntentMix', { days: DAYS }), []);
  const days = state.data?.days ?? [];
  const chart = useMemo(() => chartOf(days), [state.data]);
  return (
    <section class="card">
      <h3>Intent mix of service dialogs</h3>
      <Status state={state} />
      {state.data && (
        <p class="muted">
          <span data-testid="dialog-turns">{integer(state.data.turns)}</span> customer turns since {state.data.fromDay},
          each as the newest intent model labelled it.
        </p>
      )}
      {chart.times.length > 0 && <TimeChart times={chart.times} series={chart.series} yLabel="% of turns" />}
      {days.length > 0 && (
        <table data-testid="intent-days">
          <thead>
            <tr>
              <th>day</th>
              <th>intent</th>
              <th class="num">turns</th>
              <th class="num">share</th>
            </tr>
          </thead>
          <tbody>
            {days.map((d) => (
              <tr key={`${d.day}|${d.intent}`}>
                <td>{d.day}</td>
                <td>{d.intent}</td>
                <td class="num" data-testid="intent-turns">
                  {integer(d.turns)}
                </td>
                <td class="num">{percent(d.share)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
