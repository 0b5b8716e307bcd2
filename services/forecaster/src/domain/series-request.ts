import { invalid } from './forecaster.error.js';

export type Frequency = 'daily' | 'weekly' | 'monthly' | 'quarterly';

const DEFAULT_PERIOD: Record<Frequency, number> = { daily: 7, weekly: 52, monthly: 12, quarterly: 4 };
const DAY_MS = 86_400_000;

/** Fewest points any forecast is made from; below the backtest's minimum a simple method is used, with a note. */
export const MIN_POINTS = 3;

export interface SeriesRequestInput {
  values: readonly number[];
  timestamps: readonly string[];
  start: string;
  frequency: string;
  seasonalPeriods: readonly number[];
  horizon: number;
  levels: readonly number[];
  drivers: readonly { name: string; values: readonly number[]; future: readonly number[] }[];
}

export interface ValidSeries {
  values: number[];
  period: number;
  horizon: number;
  levels: number[];
  /** Timestamps of the forecast points. */
  future: string[];
  drivers?: Record<string, number[]>;
  futureDrivers?: Record<string, number[]>;
}

/** Checks a ForecastSeries request and lists nothing silently: the first bad field is named. */
export function validateSeries(input: SeriesRequestInput, maxHorizon: number): ValidSeries {
  const values = [...input.values];
  if (values.length < MIN_POINTS) throw invalid('values', `needs at least ${MIN_POINTS} points (got ${values.length})`);
  values.forEach((v, i) => {
    if (!Number.isFinite(v)) throw invalid(`values[${i}]`, 'must be a finite number');
    if (v < 0) throw invalid(`values[${i}]`, `demand cannot be negative (got ${v})`);
  });
  const horizon = input.horizon;
  if (!Number.isInteger(horizon) || horizon < 1 || horizon > maxHorizon)
    throw invalid('horizon', `must be an integer in 1..${maxHorizon} (got ${horizon})`);
  const levels = input.levels.length > 0 ? [...input.levels] : [80, 95];
  levels.forEach((l, i) => {
    if (!(l > 0 && l < 100)) throw invalid(`levels[${i}]`, `must be a percentage in (0, 100) (got ${l})`);
  });
  const { frequency, last } = timeAxis(input, values.length);
  const period = input.seasonalPeriods[0] ?? DEFAULT_PERIOD[frequency];
  if (!Number.isInteger(period) || period < 1)
    throw invalid('seasonal_periods[0]', `must be a positive integer (got ${period})`);
  const future = Array.from({ length: horizon }, (_, i) => advance(last, frequency, i + 1).toISOString());
  const out: ValidSeries = { values, period, horizon, levels, future };
  if (input.drivers.length > 0) {
    const drivers: Record<string, number[]> = {};
    const futureDrivers: Record<string, number[]> = {};
    input.drivers.forEach((d, k) => {
      const field = `drivers[${k}]`;
      if (!/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(d.name)) throw invalid(`${field}.name`, 'must be a short identifier');
      if (d.name in drivers) throw invalid(`${field}.name`, `duplicate driver ${d.name}`);
      if (d.values.length !== values.length)
        throw invalid(`${field}.values`, `needs one value per point (${values.length})`);
      if (!d.values.every(Number.isFinite)) throw invalid(`${field}.values`, 'must be finite numbers');
      if (d.future.length !== 0 && d.future.length !== horizon)
        throw invalid(`${field}.future`, `must be empty or have one value per step of the horizon (${horizon})`);
      drivers[d.name] = [...d.values];
      if (d.future.length > 0) futureDrivers[d.name] = [...d.future];
    });
    out.drivers = drivers;
    if (Object.keys(futureDrivers).length === input.drivers.length) out.futureDrivers = futureDrivers;
  }
  return out;
}

function timeAxis(input: SeriesRequestInput, n: number): { frequency: Frequency; last: Date } {
  if (input.timestamps.length > 0) {
    if (input.timestamps.length !== n) throw invalid('timestamps', `needs one timestamp per value (${n})`);
    const times = input.timestamps.map((t, i) => {
      const ms = Date.parse(t);
      if (Number.isNaN(ms)) throw invalid(`timestamps[${i}]`, `is not an ISO-8601 time (${t})`);
      return new Date(ms);
    });
    const frequency = inferFrequency(times[0]!, times[1]!);
    times.forEach((t, i) => {
      if (i > 0 && advance(times[i - 1]!, frequency, 1).getTime() !== t.getTime())
        throw invalid(`timestamps[${i}]`, `breaks the ${frequency} spacing (a gap or a duplicate)`);
    });
    return { frequency, last: times[n - 1]! };
  }
  if (!input.start) throw invalid('start', 'give either timestamps or start and frequency');
  const start = Date.parse(input.start);
  if (Number.isNaN(start)) throw invalid('start', `is not an ISO-8601 time (${input.start})`);
  if (!(input.frequency in DEFAULT_PERIOD))
    throw invalid('frequency', `unknown frequency "${input.frequency}" (daily, weekly, monthly, quarterly)`);
  const frequency = input.frequency as Frequency;
  return { frequency, last: advance(new Date(start), frequency, n - 1) };
}

function inferFrequency(a: Date, b: Date): Frequency {
  const diff = b.getTime() - a.getTime();
  if (diff === DAY_MS) return 'daily';
  if (diff === 7 * DAY_MS) return 'weekly';
  if (advance(a, 'monthly', 1).getTime() === b.getTime()) return 'monthly';
  if (advance(a, 'quarterly', 1).getTime() === b.getTime()) return 'quarterly';
  throw invalid('timestamps[1]', 'spacing is not daily, weekly, monthly or quarterly');
}

export function advance(t: Date, frequency: Frequency, steps: number): Date {
  if (frequency === 'daily') return new Date(t.getTime() + steps * DAY_MS);
  if (frequency === 'weekly') return new Date(t.getTime() + steps * 7 * DAY_MS);
  const out = new Date(t.getTime());
  out.setUTCMonth(out.getUTCMonth() + steps * (frequency === 'monthly' ? 1 : 3));
  return out;
}
