import { type FitJob, fitSeries } from '../domain/fit-series.js';
import type { SeriesFitter } from '../ports/series-fitter.port.js';

/** Fits on the calling thread: for tests and tiny deployments. */
export class InlineFitter implements SeriesFitter {
  async fit(job: FitJob) {
    return fitSeries(job);
  }

  async close(): Promise<void> {}
}
