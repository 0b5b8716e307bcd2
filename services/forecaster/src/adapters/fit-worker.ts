// A fitting worker thread: receives FitJobs (or UpdateJobs), answers their results (or the error's message and code).
import { parentPort } from 'node:worker_threads';
import { type FitJob, fitSeries, type UpdateJob, updateSeries } from '../domain/fit-series.js';

type Message = { id: number; job: FitJob; kind?: 'fit' } | { id: number; job: UpdateJob; kind: 'update' };

parentPort!.on('message', (message: Message) => {
  const { id } = message;
  try {
    const result = message.kind === 'update' ? updateSeries(message.job) : fitSeries(message.job);
    parentPort!.postMessage({ id, result });
  } catch (error) {
    const e = error as { message?: string; code?: string; field?: string };
    parentPort!.postMessage({ id, error: { message: String(e.message), code: e.code, field: e.field } });
  }
});
