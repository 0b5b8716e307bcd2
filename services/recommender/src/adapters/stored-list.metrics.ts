import { FULL_PATH_REASONS } from '@demand/recommend';
import { Counter, type Registry } from 'prom-client';
import type { ListTally } from '../ports/list-engine.port.js';

/**
 * What the stored per-user lists did, read from the list engine at each scrape: requests answered
 * from a list (`served`), known users' requests without page item scored in full (`scored`, by
 * `reason`: no list, too old, older than the user's newest event, short for the filters) and lists
 * scored again off the request path (`refreshed`), per arm variant, on every thread that computes lists.
 */
export function registerStoredListMetrics(
  registry: Registry,
  tally: () => ListTally,
): Counter<'outcome' | 'variant' | 'reason'> {
  return new Counter({
    name: 'recommender_stored_lists_total',
    help: 'Stored per-user lists: requests served from one, known users scored in full by reason, lists refreshed',
    labelNames: ['outcome', 'variant', 'reason'],
    registers: [registry],
    collect() {
      const now = tally();
      this.reset();
      for (const variant of ['learned', 'fusion'] as const) {
        for (const outcome of ['served', 'refreshed'] as const) this.inc({ outcome, variant }, now[variant][outcome]);
        for (const reason of FULL_PATH_REASONS)
          this.inc({ outcome: 'scored', variant, reason }, now[variant].scoredFor[reason]);
      }
    },
  });
}
