// A fitting worker thread: receives FitJobs, answers FitResults (or the error's message and code).
import { parentPort } from 'node:worker_threads';
import { type FitJob, fitSeries } from '../domain/fit-series.js';

parentPort!.on('message', ({ id, job }: { id: number; job: FitJob }) => {
  try {
    parentPort!.postMessage({ id, result: fitSeries(job) });
  } catch (error) {
    const e = error as { message?: string; code?: string; field?: string };
    parentPort!.postMessage({ id, error: { message: String(e.message), code: e.code, field: e.field } });
  }
});
