import type { FitJob, FitResult } from '../domain/fit-series.js';

/** Runs fits off the serving thread (worker threads in production, inline in tests). */
export interface SeriesFitter {
  fit(job: FitJob): Promise<FitResult>;
  close(): Promise<void>;
}
