import { useState } from 'preact/hooks';
import { call } from '../api.js';
import { QueryForm } from '../components/query-form.js';
import { Status } from '../components/status.js';
import { useAsync } from '../components/use-async.js';
import { decimal } from '../format.js';

interface SearchHit {
  id: string;
  score?: number;
  kind?: string;
  text?: string;
  itemId?: string;
  categoryPath?: string[];
  brand?: string;
  price?: number;
  rating?: number;
  sentiment?: string;
}

type Kind = 'TEXT_KIND_ITEM' | 'TEXT_KIND_REVIEW';

/** Text insights and search: a query against item titles or reviews (SemanticSearch). */
export function SearchPage({ initialQuery }: { initialQuery: string }) {
  const [query, setQuery] = useState(initialQuery);
  const [kind, setKind] = useState<Kind>('TEXT_KIND_ITEM');
  const state = useAsync(
    () =>
      call<{ hits?: SearchHit[]; encoderVersion?: string }>('TextAnalysis', 'SemanticSearch', {
        query,
        kind,
        limit: 10,
      }),
    [query, kind],
  );
  const hits = state.data?.hits ?? [];
  return (
    <>
      <section class="card row">
        <QueryForm
          name="query"
          label="what are customers looking for?"
          initial={initialQuery}
          button="Search"
          onSubmit={setQuery}
        />
        <select aria-label="search in" value={kind} onChange={(e) => setKind(e.currentTarget.value as Kind)}>
          <option value="TEXT_KIND_ITEM">items</option>
          <option value="TEXT_KIND_REVIEW">reviews</option>
        </select>
      </section>
      <Status state={state} />
      {state.data && (
        <section class="card">
          <h3>
            {hits.length} hits for “{query}”
          </h3>
          <p class="muted">encoder {state.data.encoderVersion}</p>
          <table data-testid="hits">
            <thead>
              <tr>
                <th class="num">score</th>
                <th>id</th>
                <th>text</th>
                <th>category</th>
                <th>sentiment</th>
              </tr>
            </thead>
            <tbody>
              {hits.map((hit) => (
                <tr key={hit.id}>
                  <td class="num">{decimal(hit.score, 3)}</td>
                  <td data-testid="hit-id">{hit.id}</td>
                  <td>{hit.text}</td>
                  <td>{(hit.categoryPath ?? []).join(' / ')}</td>
                  <td>{hit.sentiment}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </>
  );
}
