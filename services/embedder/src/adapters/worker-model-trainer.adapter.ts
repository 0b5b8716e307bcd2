import { Worker } from 'node:worker_threads';
import {
  TrainingCancelled,
  type ModelTrainer,
  type TrainingJob,
  type TrainingRequest,
} from '../ports/model-trainer.port.js';
import type { BootstrapResult } from '../training/bootstrap-models.js';

type WorkerReply = { ok: true; result: BootstrapResult } | { ok: false; message: string; stack?: string };

const WORKER_URL = new URL('../training/bootstrap.worker.js', import.meta.url);

/** Trains in a worker thread, so gRPC calls and consumers keep being served meanwhile. */
export class WorkerModelTrainer implements ModelTrainer {
  start(request: TrainingRequest): TrainingJob {
    const worker = new Worker(WORKER_URL, { workerData: request });
    let cancelled = false;
    const result = new Promise<BootstrapResult>((resolve, reject) => {
      worker.once('message', (reply: WorkerReply) => {
        if (reply.ok) resolve(reply.result);
        else reject(Object.assign(new Error(`model training failed: ${reply.message}`), { stack: reply.stack }));
      });
      worker.once('error', (error) => reject(cancelled ? new TrainingCancelled() : error));
      worker.once('exit', (code) =>
        reject(
          cancelled
            ? new TrainingCancelled()
            : new Error(`the training worker exited with code ${code} before answering`),
        ),
      );
    });
    return {
      result,
      cancel: async () => {
        cancelled = true;
        await worker.terminate();
      },
    };
  }
}
