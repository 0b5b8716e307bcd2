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

const DAY_MS = 86_400_000;
const dayMs = (day: string) => Date.parse(`${day}T00:00:00Z`);
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** One published daily forecast of one series. */
export interface SeriesForecast {
  seriesId: string;
  modelVersion: string;
  /** Last day of history the forecast rests on (YYYY-MM-DD). */
  dataThrough: string;
  points: readonly { day: string; mean: number }[];
}

export interface ForecastAccuracy {
  modelVersion: string;
  /** Series with at least one closed day scored. */
  series: number;
  /** Forecast days whose actuals are in. */
  points: number;
  /** Pooled over every scored point of every series. */
  wape: number;
  /** Mean of the series' MASE (series whose naive error is 0 are left out); NaN when none is left. */
  mase: number;
}

/**
 * Scores forecasts against the units that came in: every forecast day up to `closedThrough` (the
 * last whole day) counts, a day without sales being 0. MASE scales each series by its seasonal
 * naive error over the `historyDays` up to its `dataThrough`.
 */
export function scoreForecasts(
  forecasts: readonly SeriesForecast[],
  unitsOf: (seriesId: string, day: string) => number,
  options: { closedThrough: string; historyDays: number; season: number },
): ForecastAccuracy[] {
  const byVersion = new Map<
    string,
    { series: number; points: number; error: number; volume: number; mases: number[] }
  >();
  for (const forecast of forecasts) {
    const scored = forecast.points.filter((p) => p.day > forecast.dataThrough && p.day <= options.closedThrough);
    if (scored.length === 0) continue;
    const actual = scored.map((p) => unitsOf(forecast.seriesId, p.day));
    const predicted = scored.map((p) => p.mean);
    const through = dayMs(forecast.dataThrough);
    const history = Array.from({ length: options.historyDays }, (_, i) =>
      unitsOf(forecast.seriesId, dayOf(through - (options.historyDays - 1 - i) * DAY_MS)),
    );
    const total = byVersion.get(forecast.modelVersion) ?? { series: 0, points: 0, error: 0, volume: 0, mases: [] };
    total.series += 1;
    total.points += scored.length;
    total.error += actual.reduce((sum, a, i) => sum + Math.abs(a - predicted[i]!), 0);
    total.volume += actual.reduce((sum, a) => sum + Math.abs(a), 0);
    const scaled = mase(actual, predicted, history, options.season);
    if (Number.isFinite(scaled)) total.mases.push(scaled);
    byVersion.set(forecast.modelVersion, total);
  }
  return [...byVersion]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([modelVersion, t]) => ({
      modelVersion,
      series: t.series,
      points: t.points,
      wape: t.volume === 0 ? Number.NaN : t.error / t.volume,
      mase: t.mases.length === 0 ? Number.NaN : t.mases.reduce((s, m) => s + m, 0) / t.mases.length,
    }));
}
