import { Counter, type Registry } from 'prom-client';

/** Served lists lost because their batch failed to send, per destination (topic or table), read at each scrape. */
export function registerServedListsMetrics(
  registry: Registry,
  destinations: readonly { destination: string; droppedLists: number }[],
): void {
  new Counter({
    name: 'recommender_served_lists_dropped_total',
    help: 'Served lists not written to a destination because their batch failed (logged with the error)',
    labelNames: ['destination'],
    registers: [registry],
    collect() {
      this.reset();
      for (const { destination, droppedLists } of destinations) this.inc({ destination }, droppedLists);
    },
  });
}
