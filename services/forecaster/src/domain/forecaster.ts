import { rocAuc } from '@demand/ml';
import {
  propensityFeatures,
  propensityReasons,
  purchaseLabel,
  purchaseProbability,
  recencyScore,
  type PropensityClassifier,
  type PropensityMethod,
  type UserDays,
} from '@demand/forecasting';
import type { DemandNode, DemandSeriesSource, PropensityFocus } from '../ports/demand-series.port.js';
import type { SeriesFitter } from '../ports/series-fitter.port.js';
import { propensityClassifier } from './propensity-fit.js';
import type { CalendarDay } from './calendar.js';
import { demandFitInputs } from './demand-drivers.js';
import { type DemandFrequency, dayRange, periodFitInputs, periodStart, SEASON, shiftPeriod } from './demand-periods.js';
import type { FitResult } from './fit-series.js';
import { ForecasterError, invalid } from './forecaster.error.js';
import { type SeriesRequestInput, validateSeries } from './series-request.js';

export interface ForecasterLimits {
  maxHorizon: number;
  /** Days of history a demand forecast reads. */
  historyDays: number;
  /** How long a trained propensity model is reused. */
  propensityTtlMs: number;
  /** Promotions and holidays, known-future regressors of ForecastDemand. */
  calendar?: readonly CalendarDay[];
}

export interface ForecastPointOut {
  timestamp: string;
  mean: number;
  intervals: { level: number; lower: number; upper: number }[];
}

export interface ForecastOut {
  points: ForecastPointOut[];
  method: string;
  backtestMase: number;
  candidates: { method: string; backtestMase: number }[];
  drivers: { driver: string; effectPerSd: number; contribution: number }[];
  notes: string[];
}

export type DemandLevelName = 'item' | 'category' | 'shop';

/** Forecasts fitted ahead of requests (the scheduled refresh); undefined when none is fresh for this one. */
export interface HeldForecasts {
  answer(level: DemandLevelName, id: string, horizon: number, levels: readonly number[]): ForecastOut | undefined;
}

const DAY_MS = 86_400_000;
/** Days a weekly or monthly demand forecast reads at least: three years, so a yearly season can show. */
const LONG_HISTORY_DAYS = 3 * 366;

interface TrainedPropensity {
  model: { method: PropensityMethod; classifier: PropensityClassifier };
  auc: number;
  recencyAuc: number;
  trainedAt: number;
}
const PROPENSITY_WINDOW = 7;
const MAX_PROPENSITY_MODELS = 256;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** What the forecaster does: demand and series forecasts with intervals, and purchase propensity. */
export class Forecaster {
  /** Trained propensity models by focus ('' = any purchase, 'item:<id>', 'category:<name>'). */
  private readonly propensity = new Map<string, TrainedPropensity>();

  constructor(
    private readonly source: DemandSeriesSource,
    private readonly fitter: SeriesFitter,
    private readonly limits: ForecasterLimits,
    private readonly now: () => number = Date.now,
    private readonly held?: HeldForecasts,
  ) {}

  async forecastSeries(input: SeriesRequestInput): Promise<ForecastOut> {
    const series = validateSeries(input, this.limits.maxHorizon);
    const result = await this.fitter.fit({
      values: series.values,
      period: series.period,
      horizon: series.horizon,
      levels: series.levels,
      profile: 'full',
      ...(series.drivers ? { drivers: series.drivers } : {}),
      ...(series.futureDrivers ? { futureDrivers: series.futureDrivers } : {}),
    });
    return answer(result, series.future);
  }

  async forecastDemand(request: {
    level: DemandLevelName | undefined;
    id: string;
    horizon: number;
    levels: number[];
    frequency?: string;
  }) {
    if (!request.level) throw invalid('level', 'must be ITEM, CATEGORY or SHOP');
    if (request.level !== 'shop' && !request.id) throw invalid('id', `names the ${request.level} to forecast`);
    const frequency = (request.frequency || 'daily') as DemandFrequency;
    if (!(frequency in SEASON))
      throw invalid('frequency', `unknown frequency "${request.frequency}" (daily, weekly, monthly)`);
    const { maxHorizon, historyDays } = this.limits;
    if (!Number.isInteger(request.horizon) || request.horizon < 1 || request.horizon > maxHorizon)
      throw invalid('horizon', `must be an integer in 1..${maxHorizon} (got ${request.horizon})`);
    const levels = request.levels.length > 0 ? request.levels : [80, 95];
    levels.forEach((l, i) => {
      if (!(l > 0 && l < 100)) throw invalid(`levels[${i}]`, `must be a percentage in (0, 100) (got ${l})`);
    });
    const today = dayOf(Math.floor(this.now() / DAY_MS) * DAY_MS);
    const ready =
      frequency === 'daily'
        ? this.held?.answer(request.level, request.level === 'shop' ? '' : request.id, request.horizon, levels)
        : undefined;
    if (ready) return ready;
    // Whole periods only: the history ends where the current period starts, the horizon starts there.
    const current = periodStart(today, frequency);
    const readDays = frequency === 'daily' ? historyDays : Math.max(historyDays, LONG_HISTORY_DAYS);
    const from = periodStart(dayOf(Date.parse(`${current}T00:00:00Z`) - readDays * DAY_MS), frequency);
    const through = dayOf(Date.parse(`${current}T00:00:00Z`) - DAY_MS);
    const future = dayRange(
      current,
      dayOf(Date.parse(`${shiftPeriod(current, frequency, request.horizon)}T00:00:00Z`) - DAY_MS),
    );
    const node: DemandNode =
      request.level === 'item'
        ? { level: 'item', itemId: request.id }
        : request.level === 'category'
          ? { level: 'category', category: request.id }
          : { level: 'shop' };
    const demand = await this.source.dailyDemand(node, from, through);
    if (!demand) throw new ForecasterError('NOT_FOUND', 'id', `no ${request.level} ${request.id}`);
    const daily = demandFitInputs(demand, demand.days, future, this.limits.calendar ?? []);
    const inputs =
      frequency === 'daily'
        ? { ...daily, period: 7, notes: [] }
        : periodFitInputs(daily, demand.days, future, frequency, request.horizon);
    const result = await this.fitter.fit({
      values: inputs.values,
      period: inputs.period,
      horizon: request.horizon,
      levels,
      profile: request.level === 'item' && frequency === 'daily' ? 'fast' : 'full',
      drivers: inputs.drivers,
      futureDrivers: inputs.futureDrivers,
      knownAhead: inputs.knownAhead,
    });
    const timestamps = Array.from({ length: request.horizon }, (_, i) => shiftPeriod(current, frequency, i));
    const out = answer(result, timestamps);
    return { ...out, notes: [...inputs.notes, ...out.notes] };
  }

  async purchasePropensity(request: {
    userIds: string[];
    windowDays: number;
    itemId?: string | undefined;
    category?: string | undefined;
  }) {
    if (request.userIds.length === 0 || request.userIds.length > 1000)
      throw invalid('user_ids', `needs 1..1000 user ids (got ${request.userIds.length})`);
    const window = request.windowDays || PROPENSITY_WINDOW;
    if (window !== PROPENSITY_WINDOW)
      throw invalid('window_days', `the model predicts ${PROPENSITY_WINDOW} days ahead`);
    if (request.itemId && request.category) throw invalid('category', 'give an item_id or a category, not both');
    const focus: PropensityFocus | undefined = request.itemId
      ? { itemId: request.itemId }
      : request.category
        ? { category: request.category }
        : undefined;
    const trained = await this.propensityModel(focus);
    const today = Math.floor(this.now() / DAY_MS) * DAY_MS;
    const days = 90;
    const activity = await this.source.userActivity(
      dayOf(today - days * DAY_MS),
      dayOf(today - DAY_MS),
      request.userIds,
      focus,
    );
    const about = !focus ? '' : 'itemId' in focus ? ` (item ${focus.itemId})` : ` (in ${focus.category})`;
    const byId = new Map(activity.map((a) => [a.userId, a]));
    const empty = new Array<number>(days).fill(0);
    return {
      users: request.userIds.map((userId) => {
        const user: UserDays = byId.get(userId) ?? { views: empty, carts: empty, purchases: empty };
        return {
          userId,
          probability: purchaseProbability(trained.model.classifier, propensityFeatures(user, days)),
          daysSinceActive: -recencyScore(user, days),
          reasons: propensityReasons(trained.model.classifier, user, days).map(({ feature, text, contribution }) => ({
            feature,
            text: text + about,
            contribution,
          })),
        };
      }),
      modelAuc: trained.auc,
      recencyAuc: trained.recencyAuc,
      modelMethod: trained.model.method,
    };
  }

  /**
   * Trains on the last 13 weeks (cutoffs a week apart), checks on the latest full week; reused for a
   * while. With a focus, on every user's activity with that item or category, labelled by buying it.
   */
  private async propensityModel(focus?: PropensityFocus): Promise<TrainedPropensity> {
    const at = this.now();
    const key = !focus ? '' : 'itemId' in focus ? `item:${focus.itemId}` : `category:${focus.category}`;
    const held = this.propensity.get(key);
    if (held && at - held.trainedAt < this.limits.propensityTtlMs) return held;
    const today = Math.floor(at / DAY_MS) * DAY_MS;
    const days = 120;
    const users = await this.source.userActivity(dayOf(today - days * DAY_MS), dayOf(today - DAY_MS), undefined, focus);
    const holdout = days - PROPENSITY_WINDOW;
    const calibrate = holdout - PROPENSITY_WINDOW;
    const rows = (cutoffs: number[]) => ({
      X: cutoffs.flatMap((c) => users.map((u) => propensityFeatures(u, c))),
      y: cutoffs.flatMap((c) => users.map((u) => purchaseLabel(u, c, PROPENSITY_WINDOW))),
    });
    const train = rows([calibrate - 35, calibrate - 28, calibrate - 21, calibrate - 14, calibrate - 7]);
    if (new Set(train.y).size < 2)
      throw new ForecasterError(
        'FAILED_PRECONDITION',
        !focus ? '' : 'itemId' in focus ? 'item_id' : 'category',
        `too little purchase history${key ? ` of ${key}` : ''} to train a propensity model yet`,
      );
    const fit = await this.fitter.propensity({ train, validation: rows([calibrate]) });
    const model = { method: fit.method, classifier: propensityClassifier(fit) };
    const test = rows([holdout]);
    const auc =
      new Set(test.y).size < 2
        ? Number.NaN
        : rocAuc(
            test.y,
            test.X.map((x) => purchaseProbability(model.classifier, x)),
          );
    const recencyAuc =
      new Set(test.y).size < 2
        ? Number.NaN
        : rocAuc(
            test.y,
            users.map((u) => recencyScore(u, holdout)),
          );
    const trained = { model, auc, recencyAuc, trainedAt: at };
    this.propensity.delete(key);
    // one model per item or category asked about: keep the most recent few hundred
    if (this.propensity.size >= MAX_PROPENSITY_MODELS) this.propensity.delete(this.propensity.keys().next().value!);
    this.propensity.set(key, trained);
    return trained;
  }
}

function answer(result: FitResult, timestamps: string[]): ForecastOut {
  return {
    points: result.mean.map((mean, i) => ({
      timestamp: timestamps[i]!,
      mean,
      intervals: result.intervals.map((it) => ({ level: it.level, lower: it.lower[i]!, upper: it.upper[i]! })),
    })),
    method: result.method,
    backtestMase: result.backtest.find((b) => b.name === result.method)?.mase ?? Number.NaN,
    candidates: result.backtest.map((b) => ({ method: b.name, backtestMase: b.mase })),
    drivers: result.contributions,
    notes: result.notes,
  };
}
