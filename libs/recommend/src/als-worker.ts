// Worker thread of trainAlsParallel: solves its share of rows of one ALS half-step in shared memory.
import { parentPort, workerData } from 'node:worker_threads';
import { type SolveParams, solveRows } from './als.js';
import type { Csr } from './dataset.js';

interface Shared {
  userItem: Csr;
  itemUser: Csr;
  X: Float32Array;
  Y: Float32Array;
  params: SolveParams;
}

const { userItem, itemUser, X, Y, params } = workerData as Shared;
parentPort!.on('message', (job: { half: 'users' | 'items'; gram: Float64Array; from: number; to: number }) => {
  if (job.half === 'users') solveRows(userItem, Y, X, job.gram, job.from, job.to, params);
  else solveRows(itemUser, X, Y, job.gram, job.from, job.to, params);
  parentPort!.postMessage('done');
});
