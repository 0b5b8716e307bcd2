import type { DailyDemand } from '../ports/demand-series.port.js';

/**
 * Average price paid per unit each day (money paid ÷ units). A day without sales has no price of
 * its own: it carries the last day's forward (the first sale's backward), so the driver says what a
 * buyer would have paid, not 0; a series that never sold is 0 throughout.
 */
export function averagePricePaid(units: readonly number[], revenue: readonly number[]): number[] {
  const out = units.map((u, i) => (u > 0 ? revenue[i]! / u : Number.NaN));
  const first = out.find((p) => !Number.isNaN(p)) ?? 0;
  let last = first;
  return out.map((p) => (Number.isNaN(p) ? last : (last = p)));
}

/** The regression's drivers of a demand series: behaviour, reviews, carts and the price paid. */
export function demandDrivers(demand: DailyDemand): Record<string, number[]> {
  return {
    views: demand.views,
    good_reviews: demand.goodReviews,
    bad_reviews: demand.badReviews,
    carts: demand.carts,
    avg_price: averagePricePaid(demand.units, demand.revenue),
  };
}
