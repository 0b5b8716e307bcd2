import { PeriodicTask } from '@demand/service-runtime';
import type { Logger } from '@demand/telemetry';
import type { DemandRefresher } from '../domain/demand-refresh.js';

/**
 * Ticks the refresher once at start, then every `everyMs` (a full refit when due, otherwise the
 * days closed since).
 */
export function refreshSchedule(refresher: DemandRefresher, everyMs: number, logger: Logger): PeriodicTask {
  const refresh = async () => {
    const started = Date.now();
    const done = await refresher.tick();
    if (done !== 'none')
      logger.info({ done, ms: Date.now() - started, ...refresher.heldSet() }, 'demand forecasts refreshed');
  };
  return new PeriodicTask(
    refresh,
    { everyMs, runAtStart: true, failureMessage: 'demand forecast refresh failed' },
    logger,
  );
}
