import { type ForecastAccuracy, scoreForecasts } from '@demand/online-metrics';
import type { FeedbackStore } from '../ports/feedback-store.port.js';

const DAY_MS = 86_400_000;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export interface ForecastScoringOptions {
  /** Forecasts issued on data through this many days back are scored. */
  lookbackDays: number;
  /** Days of actuals before each forecast that scale its MASE. */
  historyDays: number;
  /** Season of the naive forecast that scales MASE (7: same weekday last week). */
  season: number;
}

/**
 * MASE and WAPE per forecast model version, as days close: item and shop forecasts against the
 * units bought (from `outcomes`). Category forecasts are not scored (the service keeps no catalog).
 */
export class ForecastScorer {
  constructor(
    private readonly store: FeedbackStore,
    private readonly options: ForecastScoringOptions,
    private readonly clock: () => number = Date.now,
  ) {}

  async score(): Promise<ForecastAccuracy[]> {
    const today = Math.floor(this.clock() / DAY_MS) * DAY_MS;
    const closedThrough = dayOf(today - DAY_MS);
    const fromMs = today - this.options.lookbackDays * DAY_MS;
    const forecasts = (await this.store.forecastsThrough(dayOf(fromMs))).filter(
      (f) => f.seriesId === 'shop' || f.seriesId.startsWith('item:'),
    );
    if (forecasts.length === 0) return [];
    const units = await this.store.unitsSold(dayOf(fromMs - this.options.historyDays * DAY_MS), closedThrough);
    return scoreForecasts(forecasts, (series, day) => units.get(`${series} ${day}`) ?? 0, {
      closedThrough,
      historyDays: this.options.historyDays,
      season: this.options.season,
    });
  }
}
