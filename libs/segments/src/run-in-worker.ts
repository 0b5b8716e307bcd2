import { Worker } from 'node:worker_threads';
import { MlError } from '@demand/ml';
import type { SegmentationInput, SegmentationResult } from './segmentation.js';

type Reply = { ok: true; result: SegmentationResult } | { ok: false; code?: MlError['code']; message: string };

/**
 * `segmentUsers` in a worker thread, so clustering a large population does not stall the caller's
 * event loop. The input is copied to the worker (structured clone); bad input rejects with an MlError.
 */
export function runSegmentationInWorker(input: SegmentationInput): Promise<SegmentationResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./segmentation.worker.js', import.meta.url), { workerData: input });
    let settled = false;
    worker.once('message', (reply: Reply) => {
      settled = true;
      if (reply.ok) resolve(reply.result);
      else reject(reply.code ? new MlError(reply.code, reply.message) : new Error(reply.message));
      void worker.terminate();
    });
    worker.once('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`segmentation worker exited with code ${code} before answering`));
    });
  });
}
