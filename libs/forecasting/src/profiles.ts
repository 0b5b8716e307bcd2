import type { AnyModel, AutoOptions } from './auto.js';
import { createEts } from './ets/ets.js';
import { tsb } from './intermittent.js';
import { seasonalNaive } from './naive.js';
import { theta } from './theta.js';

/**
 * A cheap profile for many long daily series (items of a shop): seasonal naive, three ETS models
 * with decomposition-initialised seasons and a short optimiser budget, standard Theta, TSB for
 * intermittent series; one backtest window. About 10× cheaper than the full family.
 */
export function fastMethods(y: readonly number[]): AnyModel[] {
  const zeros = y.filter((v) => v === 0).length / Math.max(1, y.length);
  const fastEts = createEts({
    specs: [
      { error: 'A', trend: 'N', season: 'N' },
      { error: 'A', trend: 'N', season: 'A' },
      { error: 'A', trend: 'Ad', season: 'A' },
    ],
    optimiseSeason: false,
    maxIterations: 120,
    tolerance: 1e-4,
  });
  return zeros > 0.3 ? [seasonalNaive, fastEts, theta, tsb] : [seasonalNaive, fastEts, theta];
}

export function fastOptions(y: readonly number[], period: number, h: number): AutoOptions {
  return { period, h, methods: fastMethods(y), combinations: [], origins: 1 };
}
