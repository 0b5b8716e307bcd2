// A fitting worker thread: receives FitJobs (or UpdateJobs, PropensityJobs), answers their results (or the error's
// message and code).
import { parentPort } from 'node:worker_threads';
import { type FitJob, fitSeries, type UpdateJob, updateSeries } from '../domain/fit-series.js';
import { fitPropensity, type PropensityJob } from '../domain/propensity-fit.js';

type Message =
  | { id: number; job: FitJob; kind?: 'fit' }
  | { id: number; job: UpdateJob; kind: 'update' }
  | { id: number; job: PropensityJob; kind: 'propensity' };

function run(message: Message) {
  if (message.kind === 'update') return updateSeries(message.job);
  if (message.kind === 'propensity') return fitPropensity(message.job);
  return fitSeries(message.job);
}

parentPort!.on('message', (message: Message) => {
  const { id } = message;
  try {
    parentPort!.postMessage({ id, result: run(message) });
  } catch (error) {
    const e = error as { message?: string; code?: string; field?: string };
    parentPort!.postMessage({ id, error: { message: String(e.message), code: e.code, field: e.field } });
  }
});
