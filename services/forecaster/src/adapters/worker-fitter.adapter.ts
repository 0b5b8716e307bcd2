import { Worker } from 'node:worker_threads';
import type { FitJob, FitResult, UpdateJob, UpdateResult } from '../domain/fit-series.js';
import type { PropensityFit, PropensityJob } from '../domain/propensity-fit.js';
import { ForecasterError, type ForecasterErrorCode } from '../domain/forecaster.error.js';
import type { SeriesFitter } from '../ports/series-fitter.port.js';

interface Pending {
  /** A fit's or an update's result, as the job's kind says. */
  resolve: (r: FitResult | UpdateResult | PropensityFit) => void;
  reject: (e: Error) => void;
}

/**
 * Fits in a small pool of worker threads so gRPC serving and consumers never wait behind the
 * optimiser; jobs go to the worker with the fewest in flight.
 */
export class WorkerFitter implements SeriesFitter {
  private readonly workers: { worker: Worker; pending: Map<number, Pending> }[];
  private nextId = 0;

  constructor(threads: number) {
    this.workers = Array.from({ length: Math.max(1, threads) }, () => {
      const worker = new Worker(new URL('./fit-worker.js', import.meta.url));
      const pending = new Map<number, Pending>();
      worker.on(
        'message',
        (m: {
          id: number;
          result?: FitResult | UpdateResult | PropensityFit;
          error?: { message: string; code?: string; field?: string };
        }) => {
          const p = pending.get(m.id);
          if (!p) return;
          pending.delete(m.id);
          if (m.result) p.resolve(m.result);
          else if (m.error?.code === 'INVALID_ARGUMENT' || m.error?.code === 'FAILED_PRECONDITION')
            p.reject(new ForecasterError(m.error.code as ForecasterErrorCode, m.error.field ?? '', m.error.message));
          else p.reject(new Error(m.error?.message ?? 'fit failed'));
        },
      );
      worker.on('error', (error) => {
        for (const p of pending.values()) p.reject(error);
        pending.clear();
      });
      worker.unref();
      return { worker, pending };
    });
  }

  fit(job: FitJob): Promise<FitResult> {
    return this.send('fit', job);
  }

  update(job: UpdateJob): Promise<UpdateResult> {
    return this.send('update', job);
  }

  propensity(job: PropensityJob): Promise<PropensityFit> {
    return this.send('propensity', job);
  }

  private send<T extends FitResult | UpdateResult | PropensityFit>(
    kind: 'fit' | 'update' | 'propensity',
    job: FitJob | UpdateJob | PropensityJob,
  ): Promise<T> {
    const target = this.workers.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      target.pending.set(id, { resolve: (r) => resolve(r as T), reject });
      target.worker.postMessage({ id, job, kind });
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map(({ worker }) => worker.terminate()));
  }
}
