/** Weighted absolute percentage error: Σ|actual − forecast| / Σ|actual|; NaN when every actual is 0. */
export function wape(actual: readonly number[], forecast: readonly number[]): number {
  sameLength(actual, forecast);
  const error = actual.reduce((sum, a, i) => sum + Math.abs(a - forecast[i]!), 0);
  const volume = actual.reduce((sum, a) => sum + Math.abs(a), 0);
  return volume === 0 ? Number.NaN : error / volume;
}

/**
 * Mean absolute scaled error: the forecast's mean absolute error over the in-sample mean absolute
 * error of the seasonal naive forecast (`season` steps back) on `history`. Below 1 beats naive.
 */
export function mase(
  actual: readonly number[],
  forecast: readonly number[],
  history: readonly number[],
  season = 1,
): number {
  sameLength(actual, forecast);
  if (history.length <= season) throw new RangeError(`MASE needs more than ${season} history points`);
  let naive = 0;
  for (let t = season; t < history.length; t++) naive += Math.abs(history[t]! - history[t - season]!);
  naive /= history.length - season;
  const error = actual.reduce((sum, a, i) => sum + Math.abs(a - forecast[i]!), 0) / actual.length;
  return naive === 0 ? Number.NaN : error / naive;
}

function sameLength(actual: readonly number[], forecast: readonly number[]): void {
  if (actual.length === 0 || actual.length !== forecast.length) {
    throw new RangeError(`actual (${actual.length}) and forecast (${forecast.length}) need the same, non-zero length`);
  }
}
