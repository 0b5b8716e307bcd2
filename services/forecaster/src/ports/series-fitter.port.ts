import type { FitJob, FitResult, UpdateJob, UpdateResult } from '../domain/fit-series.js';
import type { PropensityFit, PropensityJob } from '../domain/propensity-fit.js';

/** Runs fits, updates and propensity trainings off the serving thread (worker threads in production, inline in tests). */
export interface SeriesFitter {
  fit(job: FitJob): Promise<FitResult>;
  /** Folds new days into a fitted state (no refit) and forecasts from it. */
  update(job: UpdateJob): Promise<UpdateResult>;
  /** Trains and calibrates the purchase-propensity candidates and returns the chosen one. */
  propensity(job: PropensityJob): Promise<PropensityFit>;
  close(): Promise<void>;
}
