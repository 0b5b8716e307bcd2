// What a service's own /metrics (prom-client's process metrics) say about a load: garbage
// collections by kind and their time, the event loop's delay (prom-client resets its monitor at
// each scrape, so a scrape before the load and one after give the load's own), the heap's growth.
import type { LoadProbe } from './grpc-load-measure.js';

/** Sample values of a Prometheus text exposition, by metric name and the labels named in `keys` (joined, summed). */
function samples(text: string, name: string, ...keys: string[]): Map<string, number> {
  const found = new Map<string, number>();
  const pattern = new RegExp(`^${name}(?:\\{([^}]*)\\})? (\\S+)$`, 'gm');
  for (const [, labels = '', value] of text.matchAll(pattern)) {
    const label = keys.map((key) => new RegExp(`${key}="([^"]*)"`).exec(labels)?.[1] ?? '').join(' ');
    found.set(label, (found.get(label) ?? 0) + Number(value));
  }
  return found;
}

/** How much each sample grew from `before` to `after` (by the same key), the ones that grew only. */
function grown(before: Map<string, number>, after: Map<string, number>): Map<string, number> {
  const grew = new Map<string, number>();
  for (const [key, n] of after) {
    const more = n - (before.get(key) ?? 0);
    if (more > 0) grew.set(key, more);
  }
  return grew;
}

/** What the recommender's stored lists did between two scrapes: answered from a list, scored in full by reason. */
function storedLists(before: string, after: string): string {
  const name = 'recommender_stored_lists_total';
  const counts = [...grown(samples(before, name, 'outcome', 'reason'), samples(after, name, 'outcome', 'reason'))].map(
    ([key, more]) => {
      const [outcome, reason] = key.split(' ');
      return `${outcome}${reason ? ` (${reason})` : ''} ${more}`;
    },
  );
  return counts.length ? `; stored lists: ${counts.join(', ')}` : '';
}

const ms = (seconds: number) => (seconds * 1000).toFixed(1);

/** A probe of the service whose metrics are at `http://127.0.0.1:<httpPort>/metrics`. */
export function metricsProbe(httpPort: number): LoadProbe {
  const scrape = async () => (await fetch(`http://127.0.0.1:${httpPort}/metrics`)).text();
  return async () => {
    const before = await scrape();
    return async () => {
      const after = await scrape();
      const gcGrowth = (name: string) => grown(samples(before, name, 'kind'), samples(after, name, 'kind'));
      const gcKnown = samples(after, 'nodejs_gc_duration_seconds_count', 'kind').size > 0;
      const seconds = gcGrowth('nodejs_gc_duration_seconds_sum');
      const gcs = [...gcGrowth('nodejs_gc_duration_seconds_count')].map(
        ([kind, runs]) => `${kind} ${runs}× ${ms(seconds.get(kind) ?? 0)} ms`,
      );
      const lag = (name: string) => ms(samples(after, `nodejs_eventloop_lag_${name}_seconds`).get('') ?? Number.NaN);
      const heap = (text: string) => samples(text, 'nodejs_heap_size_used_bytes').get('') ?? Number.NaN;
      return (
        `${gcKnown ? `GC ${gcs.join(', ') || 'none'}` : 'no GC metrics'}; event-loop delay p99 ${lag('p99')} ms, max ${lag('max')} ms; ` +
        `heap used ${((heap(after) - heap(before)) / 2 ** 20).toFixed(0)} MB more${storedLists(before, after)}`
      );
    };
  };
}
