// Seeded daily demand series for the forecasting bench: two years each, weekly seasonality,
// a slow trend, yearly swell, promotions and Poisson noise; a share is intermittent.
import { Random } from '@demand/testkit';

export const DAYS = 730;
const WEEK = [1.18, 0.92, 0.9, 0.95, 0.97, 1.05, 1.22];

/** Writes `count` series of DAYS points, row-major, into `out` (e.g. a shared buffer). */
export function fillDailySeries(out: Float64Array, count: number, seed: number): void {
  const random = new Random(seed);
  for (let s = 0; s < count; s++) {
    const base = random.logNormal(Math.log(random.chance(0.3) ? 0.3 : 8), 1);
    const trend = random.between(-0.5, 0.8) / DAYS;
    const phase = random.between(0, 2 * Math.PI);
    for (let t = 0; t < DAYS; t++) {
      const promo = random.chance(0.02) ? 2 : 1;
      const mean =
        base * WEEK[t % 7]! * Math.exp(trend * t) * (1 + 0.2 * Math.sin((2 * Math.PI * t) / 365 + phase)) * promo;
      out[s * DAYS + t] = random.poisson(mean);
    }
  }
}
