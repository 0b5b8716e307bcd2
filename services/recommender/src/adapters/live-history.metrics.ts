import { Counter, Gauge, type Registry } from 'prom-client';

/** What the live history holds and took in, read from it at each scrape. */
export function registerLiveHistoryMetrics(
  registry: Registry,
  read: () => { users: number; eventsTaken: number },
): void {
  new Gauge({
    name: 'recommender_live_history_users',
    help: 'Users whose events since training the live history holds',
    registers: [registry],
    collect() {
      this.set(read().users);
    },
  });
  new Counter({
    name: 'recommender_live_history_events_total',
    help: 'Behaviour events taken into the live history from events.clean.v1',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(read().eventsTaken);
    },
  });
}
