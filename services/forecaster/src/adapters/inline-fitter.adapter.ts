import { type FitJob, fitSeries, type UpdateJob, updateSeries } from '../domain/fit-series.js';
import { fitPropensity, type PropensityJob } from '../domain/propensity-fit.js';
import type { SeriesFitter } from '../ports/series-fitter.port.js';

/** Fits on the calling thread: for tests and tiny deployments. */
export class InlineFitter implements SeriesFitter {
  async fit(job: FitJob) {
    return fitSeries(job);
  }

  async update(job: UpdateJob) {
    return updateSeries(job);
  }

  async propensity(job: PropensityJob) {
    return fitPropensity(job);
  }

  async close(): Promise<void> {}
}
