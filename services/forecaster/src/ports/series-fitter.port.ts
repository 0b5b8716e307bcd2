import type { FitJob, FitResult, UpdateJob, UpdateResult } from '../domain/fit-series.js';

/** Runs fits and updates off the serving thread (worker threads in production, inline in tests). */
export interface SeriesFitter {
  fit(job: FitJob): Promise<FitResult>;
  /** Folds new days into a fitted state (no refit) and forecasts from it. */
  update(job: UpdateJob): Promise<UpdateResult>;
  close(): Promise<void>;
}
