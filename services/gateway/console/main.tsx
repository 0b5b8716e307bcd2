import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { CustomersPage } from './pages/customers.js';
import { DemandPage } from './pages/demand.js';
import { ModelsPage } from './pages/models.js';
import { PipelinePage } from './pages/pipeline.js';
import { RecommendationsPage } from './pages/recommendations.js';
import { SearchPage } from './pages/search.js';
import { TextInsightsPage } from './pages/text-insights.js';

/** #/<page>?<param>=<value>: the page, and the item, user, category or query it opens with. */
function parseHash(hash: string): { page: string; params: URLSearchParams } {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?');
  return { page: path || 'pipeline', params: new URLSearchParams(query) };
}

const pages: Array<{ path: string; title: string }> = [
  { path: 'pipeline', title: 'Pipeline' },
  { path: 'customers', title: 'Customers' },
  { path: 'demand', title: 'Demand' },
  { path: 'recommendations', title: 'Recommendations' },
  { path: 'models', title: 'Models' },
  { path: 'text', title: 'Text insights' },
  { path: 'search', title: 'Text & search' },
];

function App() {
  const [route, setRoute] = useState(parseHash(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseHash(location.hash));
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  const { page, params } = route;
  return (
    <>
      <header>
        <strong>Demand Mining Platform</strong>
        {pages.map((p) => (
          <a key={p.path} href={`#/${p.path}`} class={p.path === page ? 'active' : ''}>
            {p.title}
          </a>
        ))}
        <a href="/api/openapi.json">API</a>
      </header>
      <main data-page={page}>
        {page === 'pipeline' && <PipelinePage />}
        {page === 'customers' && <CustomersPage userId={params.get('user') ?? undefined} />}
        {page === 'demand' && <DemandPage key={params.get('item')} initialItem={params.get('item') ?? 'item-0001'} />}
        {page === 'recommendations' && (
          <RecommendationsPage key={params.get('user')} initialUser={params.get('user') ?? 'u-0001'} />
        )}
        {page === 'models' && <ModelsPage />}
        {page === 'text' && (
          <TextInsightsPage key={params.get('category')} initialCategory={params.get('category') ?? ''} />
        )}
        {page === 'search' && <SearchPage key={params.get('q')} initialQuery={params.get('q') ?? 'summer dress'} />}
      </main>
    </>
  );
}

render(<App />, document.getElementById('app')!);
