// Worker-thread entry: runs one segmentation off the caller's event loop (see run-in-worker.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { MlError } from '@demand/ml';
import { type SegmentationInput, segmentUsers } from './segmentation.js';

try {
  parentPort!.postMessage({ ok: true, result: segmentUsers(workerData as SegmentationInput) });
} catch (error) {
  const code = error instanceof MlError ? error.code : undefined;
  parentPort!.postMessage({ ok: false, code, message: error instanceof Error ? error.message : String(error) });
}
