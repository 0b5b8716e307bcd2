import { imputeCensored } from '@demand/forecasting';
import type { DailyDemand } from '../ports/demand-series.port.js';
import { type CalendarDay, calendarDrivers } from './calendar.js';

/** A node out of stock at least this share of a day: its units that day are censored, not demand. */
export const STOCK_OUT_DAY = 0.5;

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

/** The regression's drivers of a demand series: behaviour, reviews, carts, the price paid and stock-outs. */
export function demandDrivers(demand: Omit<DailyDemand, 'days'>): Record<string, number[]> {
  return {
    views: demand.views,
    good_reviews: demand.goodReviews,
    bad_reviews: demand.badReviews,
    carts: demand.carts,
    avg_price: averagePricePaid(demand.units, demand.revenue),
    out_of_stock: demand.outOfStock,
  };
}

/** What one demand fit is given: units with stock-out days masked, drivers, and what is known of the horizon. */
export interface DemandFitInputs {
  values: number[];
  drivers: Record<string, number[]>;
  futureDrivers: Record<string, number[]>;
  /** Drivers whose realised values the backtest may see (the calendar's kinds). */
  knownAhead: string[];
}

/**
 * Days a node was out of stock (≥ STOCK_OUT_DAY of the day) get their units replaced by what
 * would have sold (imputeCensored; never below what did sell), so no method learns a sold-out
 * zero as demand. Over the horizon the node is planned in stock (out_of_stock 0) and the calendar's
 * days are known; only the calendar's realised values are shown to the backtest.
 */
export function demandFitInputs(
  demand: Omit<DailyDemand, 'days'>,
  history: readonly string[],
  future: readonly string[],
  calendar: readonly CalendarDay[],
): DemandFitInputs {
  const censored = demand.outOfStock.map((share) => share >= STOCK_OUT_DAY);
  const imputed = imputeCensored(demand.units, censored, 7);
  return {
    values: imputed.map((v, t) => Math.max(v, demand.units[t]!)),
    ...driversAhead(demand, history, future, calendar),
  };
}

/** The drivers over the history and the horizon (in stock, the calendar's days), and which are known ahead. */
export function driversAhead(
  demand: Omit<DailyDemand, 'days'>,
  history: readonly string[],
  future: readonly string[],
  calendar: readonly CalendarDay[],
): Omit<DemandFitInputs, 'values'> {
  const known = calendarDrivers(calendar, history, future);
  return {
    drivers: { ...demandDrivers(demand), ...known.drivers },
    futureDrivers: { out_of_stock: new Array<number>(future.length).fill(0), ...known.future },
    knownAhead: Object.keys(known.future),
  };
}

/**
 * New days folded into a held fit: a stock-out day's units become the held forecast for that day
 * (when it is higher), as a refit would have imputed them.
 */
export function maskNewDays(units: readonly number[], outOfStock: readonly number[], forecast: readonly number[]) {
  return units.map((u, t) => (outOfStock[t]! >= STOCK_OUT_DAY ? Math.max(u, forecast[t] ?? u) : u));
}
