import { Gauge, type Registry } from 'prom-client';
import type { ProfileService } from './domain/profile-service.js';

/**
 * How far the touched profile refresh is behind the stored events, on /metrics: what waits for the
 * next touched refresh, and whether a refresh (or a forget) runs (a bench waits for both to be 0 before it reads the
 * CPU an import cost, since refreshes may start long after the last rows are stored).
 */
export function profileRefreshGauges(registry: Registry, service: Pick<ProfileService, 'pending' | 'busy'>): void {
  new Gauge({
    name: 'aggregator_profile_touched_pending',
    help:
      'Touched users and items and stored profile events waiting for the next touched profile refresh, ' +
      'users touched by imported history alone included while they wait (up to the max wait) for the import to go quiet',
    registers: [registry],
    collect() {
      this.set(service.pending);
    },
  });
  new Gauge({
    name: 'aggregator_profile_refresh_running',
    help: '1 while a profile refresh or a forget runs or waits behind another, else 0',
    registers: [registry],
    collect() {
      this.set(service.busy ? 1 : 0);
    },
  });
}
