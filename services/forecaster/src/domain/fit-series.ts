import {
  autoForecast,
  type DriverContribution,
  driverRegression,
  fastMethods,
  type MethodScore,
} from '@demand/forecasting';

/** One series to forecast: everything a worker thread needs, as plain data. */
export interface FitJob {
  values: number[];
  period: number;
  horizon: number;
  levels: number[];
  drivers?: Record<string, number[]>;
  futureDrivers?: Record<string, number[]>;
  /** 'full' tries every method; 'fast' the cheap profile for long daily item series. */
  profile: 'full' | 'fast';
}

export interface FitResult {
  method: string;
  mean: number[];
  intervals: { level: number; lower: number[]; upper: number[] }[];
  backtest: MethodScore[];
  contributions: DriverContribution[];
  notes: string[];
}

/** Pure: automatic choice by backtest, calibrated intervals and, with drivers, their contributions. */
export function fitSeries(job: FitJob): FitResult {
  const hasDrivers = job.drivers !== undefined && Object.keys(job.drivers).length > 0;
  const result = autoForecast(job.values, {
    period: job.period,
    h: job.horizon,
    levels: job.levels,
    ...(job.profile === 'fast'
      ? {
          methods: [...fastMethods(job.values), ...(hasDrivers ? [driverRegression] : [])],
          combinations: [],
          origins: 2,
        }
      : {}),
    ...(hasDrivers ? { drivers: job.drivers } : {}),
    ...(job.futureDrivers ? { futureDrivers: job.futureDrivers, driversKnownAhead: true } : {}),
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
  };
}
