import { useState } from 'preact/hooks';
import { call } from '../api.js';
import { decimal, integer } from '../format.js';
import { Status } from './status.js';
import { useAsync } from './use-async.js';

interface Mover {
  id: string;
  category?: string;
  recent?: number;
  prior?: number;
  expected?: number;
  rateRatio?: number;
  score?: number;
  z?: number;
}

interface MoversAnswer {
  risers?: Mover[];
  fallers?: Mover[];
  measure?: string;
  recentFrom?: string;
  recentThrough?: string;
  priorFrom?: string;
  priorThrough?: string;
  priorStrength?: number;
  compared?: number;
}

export interface MoversQuery {
  level: 'DEMAND_LEVEL_ITEM' | 'DEMAND_LEVEL_CATEGORY';
  category: string;
  measure: string;
  recentDays: number;
  priorDays: number;
}

/** "×1.78" for a rate ratio, the share of the prior daily rate the recent days run at. */
export const ratio = (r: number | undefined) => `×${decimal(r)}`;

function MoverTable({ movers, kind, level }: { movers: Mover[]; kind: 'riser' | 'faller'; level: string }) {
  if (movers.length === 0) return <p class="muted">None.</p>;
  const widest = Math.max(...movers.map((m) => Math.abs(m.score ?? 0)), 1e-9);
  return (
    <table data-testid={`${kind}s`}>
      <thead>
        <tr>
          <th>{level === 'DEMAND_LEVEL_ITEM' ? 'item' : 'category'}</th>
          {level === 'DEMAND_LEVEL_ITEM' && <th>category</th>}
          <th class="num">recent</th>
          <th class="num">expected</th>
          <th class="num">change</th>
          <th class="num">z</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {movers.map((m) => (
          <tr key={m.id}>
            <td data-testid={`${kind}-id`}>
              {level === 'DEMAND_LEVEL_ITEM' ? <a href={`#/demand?item=${encodeURIComponent(m.id)}`}>{m.id}</a> : m.id}
            </td>
            {level === 'DEMAND_LEVEL_ITEM' && <td>{m.category}</td>}
            <td class="num">{integer(m.recent)}</td>
            <td class="num">{decimal(m.expected, 1)}</td>
            <td class="num" data-testid={`${kind}-ratio`}>
              {ratio(m.rateRatio)}
            </td>
            <td class="num">{decimal(m.z, 1)}</td>
            <td style="width: 120px">
              <span
                class="bar"
                style={`display: inline-block; height: 8px; width: ${(100 * Math.abs(m.score ?? 0)) / widest}%;
                  background: ${kind === 'riser' ? '#5ad8a6' : '#e8684a'}`}
              />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Top risers and fallers: the recent days' demand against the weeks before, shrunk so tiny counts stay quiet. */
export function DemandMovers() {
  const [query, setQuery] = useState<MoversQuery>({
    level: 'DEMAND_LEVEL_ITEM',
    category: '',
    measure: 'units',
    recentDays: 7,
    priorDays: 28,
  });
  const state = useAsync(
    () => call<MoversAnswer>('Forecast', 'ListDemandMovers', { ...query, limit: 10 }),
    [query.level, query.category, query.measure, query.recentDays, query.priorDays],
  );
  const answer = state.data;
  return (
    <section class="card">
      <h3>Top risers and fallers</h3>
      <form
        data-testid="movers-form"
        onSubmit={(e) => {
          e.preventDefault();
          const form = new FormData(e.currentTarget);
          setQuery({
            level: form.get('level') as MoversQuery['level'],
            category: String(form.get('category') ?? ''),
            measure: String(form.get('measure')),
            recentDays: Number(form.get('recentDays')),
            priorDays: Number(form.get('priorDays')),
          });
        }}
      >
        <select name="level" aria-label="movers level" defaultValue={query.level}>
          <option value="DEMAND_LEVEL_ITEM">items</option>
          <option value="DEMAND_LEVEL_CATEGORY">categories</option>
        </select>{' '}
        <input name="category" aria-label="category filter" placeholder="category (items only)" />{' '}
        <select name="measure" aria-label="measure" defaultValue={query.measure}>
          <option value="units">units sold</option>
          <option value="views">views</option>
          <option value="carts">add-to-carts</option>
        </select>{' '}
        last <input name="recentDays" aria-label="recent days" type="number" min={1} max={90} defaultValue="7" /> days
        against the <input name="priorDays" aria-label="prior days" type="number" min={1} max={365} defaultValue="28" />{' '}
        before <button type="submit">Compare</button>
      </form>
      <Status state={state} />
      {answer && (
        <>
          <p class="muted">
            <span data-testid="movers-compared">{integer(answer.compared)}</span> compared: {answer.measure}{' '}
            {answer.recentFrom} – {answer.recentThrough} against {answer.priorFrom} – {answer.priorThrough}. Change is
            the daily rate's ratio, shrunk towards ×1 by {integer(answer.priorStrength)} events of "no change"; z says
            how surprising the recent count is if nothing changed.
          </p>
          <div class="row">
            <div style="flex: 1">
              <h4>Rising</h4>
              <MoverTable movers={answer.risers ?? []} kind="riser" level={query.level} />
            </div>
            <div style="flex: 1">
              <h4>Falling</h4>
              <MoverTable movers={answer.fallers ?? []} kind="faller" level={query.level} />
            </div>
          </div>
        </>
      )}
    </section>
  );
}
