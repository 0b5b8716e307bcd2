import {
  type AnyModel,
  autoForecast,
  type CombineBy,
  combineForecasts,
  defaultMethods,
  type DriverContribution,
  driverRegression,
  fastMethods,
  type Forecast,
  type MethodScore,
  STRONG_COMBINATIONS,
  seasonalNaive,
} from '@demand/forecasting';

/** One series to forecast: everything a worker thread needs, as plain data. */
export interface FitJob {
  values: number[];
  period: number;
  horizon: number;
  levels: number[];
  drivers?: Record<string, number[]>;
  futureDrivers?: Record<string, number[]>;
  /**
   * Drivers whose future is truly known (a calendar): the backtest sees their realised values.
   * Default: every driver given in futureDrivers.
   */
  knownAhead?: string[];
  /**
   * 'full' tries every method; 'fast' the cheap profile for long daily item series; 'baseline'
   * seasonal naive alone (the scheduled refresh's fallback when a series' fit fails).
   */
  profile: 'full' | 'fast' | 'baseline';
  /** Also return the chosen method's fitted state, so new days can be folded in later without a refit. */
  keepState?: boolean;
}

/**
 * The chosen method as plain data (it crosses the worker boundary): the fitted state of each
 * member (one for a single method), how members combine, and the backtest's interval calibration.
 */
export interface FittedState {
  members: { name: string; state: unknown }[];
  by: CombineBy;
  calibration: { level: number; multiplier: number }[];
  nonNegative: boolean;
}

/** New days for a fitted state: points (and the drivers' values on those days). */
export interface UpdateJob {
  state: FittedState;
  points: number[];
  drivers?: Record<string, number[]>;
  /** Drivers' values over the new horizon, when known (a calendar); else each method's own guess. */
  futureDrivers?: Record<string, number[]>;
  horizon: number;
}

export interface UpdateResult {
  state: FittedState;
  mean: number[];
  intervals: { level: number; lower: number[]; upper: number[] }[];
}

export interface FitResult {
  method: string;
  mean: number[];
  intervals: { level: number; lower: number[]; upper: number[] }[];
  backtest: MethodScore[];
  contributions: DriverContribution[];
  notes: string[];
  state?: FittedState;
}

/** Pure: automatic choice by backtest, calibrated intervals and, with drivers, their contributions. */
export function fitSeries(job: FitJob): FitResult {
  const hasDrivers = job.drivers !== undefined && Object.keys(job.drivers).length > 0;
  const methods =
    job.profile === 'baseline'
      ? [seasonalNaive]
      : job.profile === 'fast'
        ? [...fastMethods(job.values), ...(hasDrivers ? [driverRegression] : [])]
        : defaultMethods(job.values, hasDrivers);
  const result = autoForecast(job.values, {
    period: job.period,
    h: job.horizon,
    levels: job.levels,
    methods,
    ...(job.profile === 'full' ? {} : { combinations: [], origins: 2 }),
    ...(hasDrivers ? { drivers: job.drivers } : {}),
    ...(job.futureDrivers
      ? { futureDrivers: job.futureDrivers, driversKnownAhead: job.knownAhead ?? Object.keys(job.futureDrivers) }
      : {}),
  });
  let contributions: DriverContribution[] = [];
  if (hasDrivers && job.values.every((v) => v >= 0) && job.values.length >= driverRegression.minLength(job.period)) {
    const state = driverRegression.fit(job.values, { period: job.period, drivers: job.drivers! });
    contributions = driverRegression.contributions(
      state,
      job.horizon,
      job.futureDrivers ? { drivers: job.futureDrivers } : undefined,
    );
  }
  return {
    method: result.method,
    mean: result.forecast.mean,
    intervals: result.forecast.intervals,
    backtest: result.backtest,
    contributions,
    notes: result.notes,
    ...(job.keepState
      ? {
          state: keepState(job, methods, result.method, {
            calibration: result.calibration.map(({ level, multiplier }) => ({ level, multiplier })),
            nonNegative: job.values.every((v) => v >= 0),
          }),
        }
      : {}),
  };
}

/** Refits the chosen method's members on the whole series and keeps their states. */
function keepState(
  job: FitJob,
  methods: readonly AnyModel[],
  chosen: string,
  rest: Pick<FittedState, 'calibration' | 'nonNegative'>,
): FittedState {
  const pooled = /^pool\((.*)\)$/.exec(chosen);
  const combo = STRONG_COMBINATIONS.find((c) => c.name === chosen);
  const names = pooled ? pooled[1]!.split('+') : combo ? [...combo.members] : [chosen];
  let members = names.flatMap((name) => methods.find((m) => m.name === name) ?? []);
  if (members.length === 0) members = [methods[0]!];
  const options = { period: job.period, ...(job.drivers ? { drivers: job.drivers } : {}) };
  return {
    members: members.map((m) => ({ name: m.name, state: m.fit(job.values, options) })),
    by: combo?.by ?? 'mean',
    ...rest,
  };
}

/** Every method a state may name; update and forecast read what they need from the state itself. */
const MODELS = new Map<string, AnyModel>(
  [...defaultMethods(new Array<number>(10).fill(0), true), ...fastMethods([])].map((m) => [m.name, m]),
);

/**
 * Pure: folds new points into a fitted state with its parameters kept (each method's update) and
 * forecasts from it, intervals scaled by the calibration of the last full fit.
 */
export function updateSeries(job: UpdateJob): UpdateResult {
  const levels = job.state.calibration.map((c) => c.level);
  const members = job.state.members.map((m) => {
    const model = MODELS.get(m.name);
    if (!model) throw new Error(`no method named ${m.name} to update`);
    return { model, state: model.update(m.state, job.points, job.drivers) as unknown };
  });
  const context = job.futureDrivers ? { drivers: job.futureDrivers } : undefined;
  const forecasts: Forecast[] = members.map(({ model, state }) => model.forecast(state, job.horizon, levels, context));
  const raw = forecasts.length === 1 ? forecasts[0]! : combineForecasts(forecasts, job.state.by, levels);
  const { nonNegative } = job.state;
  const mean = nonNegative ? raw.mean.map((v) => Math.max(0, v)) : raw.mean;
  return {
    state: { ...job.state, members: members.map(({ model, state }) => ({ name: model.name, state })) },
    mean,
    intervals: job.state.calibration.map(({ level, multiplier }) => ({
      level,
      lower: mean.map((m, i) => (nonNegative ? Math.max(0, m - multiplier * raw.sd[i]!) : m - multiplier * raw.sd[i]!)),
      upper: mean.map((m, i) => m + multiplier * raw.sd[i]!),
    })),
  };
}
