import { useState } from 'preact/hooks';
import { call } from '../api.js';
import { OnlineOverTime } from '../components/online-over-time.js';
import { QueryForm } from '../components/query-form.js';
import { Status } from '../components/status.js';
import { useAsync } from '../components/use-async.js';
import { decimal } from '../format.js';

interface RecommendResponse {
  recommendationId?: string;
  items?: Array<{ itemId: string; score?: number; reasons?: Array<{ source: string; text: string }> }>;
  coldStart?: boolean;
  arm?: string;
  modelVersions?: Record<string, string>;
}

/** Recommendations: any user's list, each item with the reasons it was chosen; online CTR and CVR by day. */
export function RecommendationsPage({ initialUser }: { initialUser: string }) {
  const [userId, setUserId] = useState(initialUser);
  const state = useAsync(
    () => call<RecommendResponse>('Recommend', 'Recommend', { userId, page: 'home', count: 10 }),
    [userId],
  );
  const answer = state.data;
  return (
    <>
      <section class="card">
        <QueryForm name="user" label="user id" initial={initialUser} button="Recommend" onSubmit={setUserId} />
      </section>
      <Status state={state} />
      {answer && (
        <section class="card">
          <h3>For {userId}</h3>
          <p class="muted">
            arm <span data-testid="arm">{answer.arm}</span>
            {answer.coldStart ? ' · cold start (nothing known about this user)' : ''} · models{' '}
            {Object.entries(answer.modelVersions ?? {})
              .map(([role, version]) => `${role} ${version}`)
              .join(', ')}
          </p>
          <table data-testid="recommendations">
            <thead>
              <tr>
                <th>#</th>
                <th>item</th>
                <th class="num">score</th>
                <th>why</th>
              </tr>
            </thead>
            <tbody>
              {(answer.items ?? []).map((item, rank) => (
                <tr key={item.itemId}>
                  <td>{rank + 1}</td>
                  <td data-testid="rec-item">{item.itemId}</td>
                  <td class="num">{decimal(item.score, 3)}</td>
                  <td>
                    <ul class="reasons">
                      {(item.reasons ?? []).map((r) => (
                        <li key={r.source + r.text}>
                          {r.text} <span class="muted">({r.source})</span>
                        </li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      <OnlineOverTime />
    </>
  );
}
