import { useMemo, useState } from 'preact/hooks';
import { call } from '../api.js';
import { DemandMovers } from '../components/demand-movers.js';
import { Status } from '../components/status.js';
import { type ChartSeries, TimeChart } from '../components/time-chart.js';
import { useAsync } from '../components/use-async.js';
import { decimal, integer } from '../format.js';

interface ForecastAnswer {
  points?: Array<{
    timestamp: string;
    mean?: number;
    intervals?: Array<{ level: number; lower?: number; upper?: number }>;
  }>;
  method?: string;
  backtestMase?: number;
  drivers?: Array<{ driver: string; effectPerSd?: number; contribution?: number }>;
  notes?: string[];
}

interface ItemStats {
  days?: Array<{ day: string; counts?: { unitsSold?: number } }>;
}

type Level = 'DEMAND_LEVEL_ITEM' | 'DEMAND_LEVEL_CATEGORY' | 'DEMAND_LEVEL_SHOP';

interface Query {
  level: Level;
  id: string;
  horizon: number;
}

const seconds = (isoDay: string) => Date.parse(isoDay.length === 10 ? `${isoDay}T00:00:00Z` : isoDay) / 1000;

async function loadDemand(query: Query): Promise<{ forecast: ForecastAnswer; actuals: ItemStats | undefined }> {
  const forecast = call<ForecastAnswer>('Forecast', 'ForecastDemand', { ...query, levels: [80, 95] });
  // Daily units sold are served per item; the category and shop series are forecast without them.
  const actuals =
    query.level === 'DEMAND_LEVEL_ITEM' ? call<ItemStats>('Features', 'GetItemStats', { itemId: query.id }) : undefined;
  return { forecast: await forecast, actuals: await actuals };
}

function chartOf(forecast: ForecastAnswer, actuals: ItemStats | undefined) {
  const history = (actuals?.days ?? []).map((d) => [seconds(d.day), d.counts?.unitsSold ?? 0] as const);
  const future = (forecast.points ?? []).map((p) => {
    const bound = (level: number) => p.intervals?.find((i) => i.level === level);
    return [seconds(p.timestamp), p.mean ?? 0, bound(80), bound(95)] as const;
  });
  const times = [...history.map(([t]) => t), ...future.map(([t]) => t)];
  const pad = <T,>(before: number, values: T[], after: number) => [
    ...Array<null>(before).fill(null),
    ...values,
    ...Array<null>(after).fill(null),
  ];
  const h = history.length;
  const f = future.length;
  const series: ChartSeries[] = [
    {
      label: 'units sold',
      colour: '#1d2433',
      values: pad(
        0,
        history.map(([, v]) => v),
        f,
      ),
    },
    {
      label: 'forecast',
      colour: '#5b8def',
      values: pad(
        h,
        future.map(([, mean]) => mean),
        0,
      ),
      dash: [6, 4],
    },
    {
      label: '95% upper',
      colour: '#5b8def33',
      values: pad(
        h,
        future.map(([, , , b]) => b?.upper ?? null),
        0,
      ),
    },
    {
      label: '95% lower',
      colour: '#5b8def33',
      values: pad(
        h,
        future.map(([, , , b]) => b?.lower ?? null),
        0,
      ),
    },
    {
      label: '80% upper',
      colour: '#5b8def66',
      values: pad(
        h,
        future.map(([, , b]) => b?.upper ?? null),
        0,
      ),
    },
    {
      label: '80% lower',
      colour: '#5b8def66',
      values: pad(
        h,
        future.map(([, , b]) => b?.lower ?? null),
        0,
      ),
    },
  ];
  const bands = [
    { upper: 2, lower: 3, fill: '#5b8def1f' },
    { upper: 4, lower: 5, fill: '#5b8def33' },
  ];
  // Intervals far wider than anything sold or forecast would flatten the chart: they are clipped at
  // three times the largest of those (the table below keeps their values).
  const level = Math.max(1, ...history.map(([, v]) => v), ...future.map(([, mean]) => mean));
  const widest = Math.max(0, ...future.map(([, , , b]) => b?.upper ?? 0));
  return { times, series, bands, yMax: 1.1 * Math.min(Math.max(level, widest), 3 * level) };
}

/**
 * Demand: the forecast with its 80% and 95% intervals after the actual daily units sold, its drivers, and the
 * top risers and fallers.
 */
export function DemandPage({ initialItem }: { initialItem: string }) {
  const [query, setQuery] = useState<Query>({ level: 'DEMAND_LEVEL_ITEM', id: initialItem, horizon: 14 });
  const state = useAsync(() => loadDemand(query), [query.level, query.id, query.horizon]);
  const chart = useMemo(() => state.data && chartOf(state.data.forecast, state.data.actuals), [state.data]);
  const forecast = state.data?.forecast;
  return (
    <>
      <section class="card">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            const form = new FormData(e.currentTarget);
            setQuery({
              level: form.get('level') as Level,
              id: String(form.get('id') ?? ''),
              horizon: Number(form.get('horizon')),
            });
          }}
        >
          <select name="level" aria-label="level" defaultValue={query.level}>
            <option value="DEMAND_LEVEL_ITEM">item</option>
            <option value="DEMAND_LEVEL_CATEGORY">category</option>
            <option value="DEMAND_LEVEL_SHOP">whole shop</option>
          </select>{' '}
          <input name="id" aria-label="item id or category" defaultValue={query.id} />{' '}
          <input
            name="horizon"
            aria-label="days ahead"
            type="number"
            min={1}
            max={90}
            defaultValue={String(query.horizon)}
          />{' '}
          <button type="submit">Forecast</button>
        </form>
      </section>
      <Status state={state} />
      {forecast && chart && (
        <>
          <section class="card">
            <h3>
              Forecast by <span data-testid="method">{forecast.method}</span>, backtest MASE{' '}
              {decimal(forecast.backtestMase)}
            </h3>
            {state.data?.actuals && (
              <p class="muted">
                <span data-testid="units-sold">
                  {integer((state.data.actuals.days ?? []).reduce((sum, d) => sum + (d.counts?.unitsSold ?? 0), 0))}
                </span>{' '}
                units sold over {(state.data.actuals.days ?? []).length} days with activity
              </p>
            )}
            <TimeChart times={chart.times} series={chart.series} bands={chart.bands} yMax={chart.yMax} />
            {(forecast.notes ?? []).map((note) => (
              <p class="muted" key={note}>
                {note}
              </p>
            ))}
          </section>
          <div class="row">
            <section class="card">
              <h3>Next days</h3>
              <table data-testid="forecast-points">
                <thead>
                  <tr>
                    <th>day</th>
                    <th class="num">mean</th>
                    <th class="num">80% interval</th>
                    <th class="num">95% interval</th>
                  </tr>
                </thead>
                <tbody>
                  {(forecast.points ?? []).map((p) => {
                    const bound = (level: number) => p.intervals?.find((i) => i.level === level);
                    const range = (level: number) =>
                      `${decimal(bound(level)?.lower, 1)} – ${decimal(bound(level)?.upper, 1)}`;
                    return (
                      <tr key={p.timestamp}>
                        <td>{p.timestamp.slice(0, 10)}</td>
                        <td class="num" data-testid="point-mean">
                          {decimal(p.mean)}
                        </td>
                        <td class="num">{range(80)}</td>
                        <td class="num">{range(95)}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </section>
            <section class="card" style="flex: 1">
              <h3>Driver contributions</h3>
              {(forecast.drivers ?? []).length === 0 ? (
                <p class="muted">No driver in this model.</p>
              ) : (
                <table>
                  <thead>
                    <tr>
                      <th>driver</th>
                      <th class="num">effect per sd</th>
                      <th class="num">units/day</th>
                    </tr>
                  </thead>
                  <tbody>
                    {(forecast.drivers ?? []).map((d) => (
                      <tr key={d.driver}>
                        <td>{d.driver}</td>
                        <td class="num">×{decimal(d.effectPerSd)}</td>
                        <td class="num">{decimal(d.contribution)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
          </div>
        </>
      )}
      <DemandMovers />
    </>
  );
}
